using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Docket.Server.Features.Scripts;
using Docket.Server.Storage.Blobs;
using Docket.Server.Tests.Infrastructure;
using Docket.Server.Tests.ModelTemplates;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Scripts;

/// <summary>
/// Scripts through the API: what each change records, the package kept by its SHA-256 with the launch scripts it
/// holds, hostile zips and packages without a launch script refused, and what another tenant cannot see.
/// </summary>
[Trait("Category", "Fast")]
public sealed class ScriptTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static byte[] Launch(string seed, params string[] scripts) =>
        TestPackages.ZipOf([.. scripts.Select(s => (s, Encoding.UTF8.GetBytes($"#!/bin/sh\n# {seed}\nexec python3 engine.py \"$@\"\n"))),
            ("engine.py", Encoding.UTF8.GetBytes($"print('{seed}')\n"))]);

    [Fact]
    public async Task Create_upload_update_and_delete_record_ScriptCreated_ScriptUpdated_and_ScriptRemoved()
    {
        var tenant = await server.CreateTenantAsync();
        var (client, userId) = await server.CreateUserWithIdAsync(tenant, ("Script", ["View", "Create", "Edit", "Delete"]));
        var created = await client.PostAsJsonAsync("/api/v1/scripts", new { name = "Tesseract", engine = "tesseract", description = "OCR launch" }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
        var script = await created.ReadJsonAsync();
        var id = script.GetProperty("id").GetGuid();
        script.GetProperty("engine").GetString().ShouldBe("tesseract");
        script.GetProperty("package").ValueKind.ShouldBe(JsonValueKind.Null);
        var package = Launch("lifecycle", "start_inference.sh", "start_training.sh");

        using var upload = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/scripts/{id}/package") { Content = TestPackages.Content(package) };
        upload.Headers.IfMatch.Add(created.Headers.ETag!);
        var uploaded = await client.SendAsync(upload, Cancellation);
        var renamed = await client.PutAsJsonAsync($"/api/v1/scripts/{id}", new { name = "Tesseract 5", engine = "external" }, Cancellation);
        var download = await client.GetAsync($"/api/v1/scripts/{id}/package", Cancellation);
        var downloaded = await download.Content.ReadAsByteArrayAsync(Cancellation);
        var deleted = await client.DeleteAsync($"/api/v1/scripts/{id}", Cancellation);

        uploaded.StatusCode.ShouldBe(HttpStatusCode.OK, await uploaded.Content.ReadAsStringAsync(Cancellation));
        var kept = (await uploaded.ReadJsonAsync()).GetProperty("package");
        kept.GetProperty("size").GetInt64().ShouldBe(package.Length);
        kept.GetProperty("sha256").GetString().ShouldBe(TestPackages.Sha256(package));
        kept.GetProperty("scripts").EnumerateArray().Select(s => s.GetString()).ShouldBe(["start_training.sh", "start_inference.sh"]);
        uploaded.Headers.ETag!.Tag.ShouldNotBe(created.Headers.ETag!.Tag);
        renamed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var after = await renamed.ReadJsonAsync();
        after.GetProperty("engine").GetString().ShouldBe("external");
        after.GetProperty("package").GetProperty("sha256").GetString().ShouldBe(TestPackages.Sha256(package));
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        download.Headers.ETag!.Tag.ShouldBe($"\"{TestPackages.Sha256(package)}\"");
        downloaded.ShouldBe(package);
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetAsync($"/api/v1/scripts/{id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var events = (await tenant.Admin.EventsAsync($"entityId={id}")).Reverse().ToArray();
        events.Select(e => e.GetProperty("code").GetInt32()).ShouldBe([500, 501, 501, 502]);
        events[1].GetProperty("data").GetProperty("package").GetProperty("sha256").GetString().ShouldBe(TestPackages.Sha256(package));
        foreach (var e in events)
        {
            e.GetProperty("entityKind").GetString().ShouldBe("Script");
            e.GetProperty("tenantId").GetGuid().ShouldBe(tenant.Id);
            e.GetProperty("userId").GetGuid().ShouldBe(userId);
        }
    }

    [Theory]
    [MemberData(nameof(ModelTemplateTests.HostilePackages), MemberType = typeof(ModelTemplateTests))]
    public async Task A_hostile_package_is_refused_with_a_problem_and_nothing_is_kept(string @case, byte[] zip)
    {
        var tenant = await server.CreateTenantAsync();
        var id = await CreateAsync(tenant, "Hostile");

        var response = await tenant.Admin.PutAsync($"/api/v1/scripts/{id}/package", TestPackages.Content(zip), Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("detail").GetString().ShouldNotBeNullOrEmpty(@case);
        (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/scripts/{id}", Cancellation)).GetProperty("package").ValueKind.ShouldBe(JsonValueKind.Null, @case);
        server.App.Services.GetRequiredService<IBlobStore>().PathOf(TestPackages.Sha256(zip)).ShouldBeNull(@case);
        (await tenant.Admin.EventsAsync($"entityId={id}&codes=501")).ShouldBeEmpty(@case);
    }

    [Fact]
    public async Task A_package_without_a_launch_script_at_its_root_is_refused_naming_them_and_nothing_is_kept()
    {
        var tenant = await server.CreateTenantAsync();
        var id = await CreateAsync(tenant, "No launch");
        // A launch script in a subfolder is not launched: the engine contract runs them from the script folder's root.
        var zip = TestPackages.ZipOf(("engine.py", "print('hi')\n"u8.ToArray()), ("nested/start_training.sh", "#!/bin/sh\n"u8.ToArray()));

        var response = await tenant.Admin.PutAsync($"/api/v1/scripts/{id}/package", TestPackages.Content(zip), Cancellation);

        var detail = (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("detail").GetString()!;
        detail.ShouldContain("start_training.sh");
        detail.ShouldContain("start_evaluation.sh");
        detail.ShouldContain("start_inference.sh");
        (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/scripts/{id}", Cancellation)).GetProperty("package").ValueKind.ShouldBe(JsonValueKind.Null);
        server.App.Services.GetRequiredService<IBlobStore>().PathOf(TestPackages.Sha256(zip)).ShouldBeNull();
        (await tenant.Admin.EventsAsync($"entityId={id}&codes=501")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_download_serves_a_range_so_a_broken_download_resumes()
    {
        var tenant = await server.CreateTenantAsync();
        var id = await CreateAsync(tenant, "Ranged");
        var package = Launch("ranged", "start_evaluation.sh");
        (await tenant.Admin.PutAsync($"/api/v1/scripts/{id}/package", TestPackages.Content(package), Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/scripts/{id}/package");
        request.Headers.Range = new RangeHeaderValue(10, null);
        var response = await tenant.Admin.SendAsync(request, Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        response.Content.Headers.ContentRange!.From.ShouldBe(10);
        response.Content.Headers.ContentRange.Length.ShouldBe(package.Length);
        (await response.Content.ReadAsByteArrayAsync(Cancellation)).ShouldBe(package[10..]);
    }

    [Fact]
    public async Task Another_tenants_script_is_missing_to_the_api_and_to_ScriptQueries()
    {
        var tenant = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();
        var id = await CreateAsync(tenant, "Shared name");
        var package = Launch("isolated", "start_training.sh");
        (await tenant.Admin.PutAsync($"/api/v1/scripts/{id}/package", TestPackages.Content(package), Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var get = await other.Admin.GetAsync($"/api/v1/scripts/{id}", Cancellation);
        var download = await other.Admin.GetAsync($"/api/v1/scripts/{id}/package", Cancellation);
        var update = await other.Admin.PutAsJsonAsync($"/api/v1/scripts/{id}", new { name = "Taken over", engine = "external" }, Cancellation);
        var delete = await other.Admin.DeleteAsync($"/api/v1/scripts/{id}", Cancellation);
        var list = await other.Admin.GetFromJsonAsync<JsonElement>("/api/v1/scripts", Cancellation);
        // The name is unique per tenant only.
        var sameName = await other.Admin.PostAsJsonAsync("/api/v1/scripts", new { name = "Shared name", engine = "external" }, Cancellation);

        await get.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await download.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await update.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await delete.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        list.GetProperty("items").EnumerateArray().ShouldNotContain(s => s.GetProperty("id").GetGuid() == id);
        sameName.StatusCode.ShouldBe(HttpStatusCode.Created);

        await using var scope = server.App.Services.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<ScriptQueries>();
        (await queries.PackageForTenantAsync(other.Id, id, Cancellation)).ShouldBeNull();
        var own = (await queries.PackageForTenantAsync(tenant.Id, id, Cancellation)).ShouldNotBeNull();
        own.BlobKey.ShouldBe(TestPackages.Sha256(package));
        own.Sha256.ShouldBe(TestPackages.Sha256(package));
        own.Size.ShouldBe(package.Length);
        own.DownloadName.ShouldBe("Shared name.zip");
    }

    [Fact]
    public async Task A_stale_ETag_is_refused_with_412_and_a_taken_name_with_409()
    {
        var tenant = await server.CreateTenantAsync();
        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/scripts", new { name = "Stale", engine = "external" }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        var stale = created.Headers.ETag!;
        (await tenant.Admin.PutAsJsonAsync($"/api/v1/scripts/{id}", new { name = "Fresh", engine = "external" }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var update = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/scripts/{id}") { Content = JsonContent.Create(new { name = "Lost", engine = "external" }) };
        update.Headers.IfMatch.Add(stale);
        using var upload = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/scripts/{id}/package") { Content = TestPackages.Content(Launch("stale", "start_training.sh")) };
        upload.Headers.IfMatch.Add(stale);
        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/scripts/{id}");
        delete.Headers.IfMatch.Add(stale);
        var updated = await tenant.Admin.SendAsync(update, Cancellation);
        var uploaded = await tenant.Admin.SendAsync(upload, Cancellation);
        var deleted = await tenant.Admin.SendAsync(delete, Cancellation);
        var duplicate = await tenant.Admin.PostAsJsonAsync("/api/v1/scripts", new { name = "FRESH", engine = "external" }, Cancellation);

        await updated.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        await uploaded.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        await deleted.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var kept = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/scripts/{id}", Cancellation);
        kept.GetProperty("name").GetString().ShouldBe("Fresh");
        kept.GetProperty("package").ValueKind.ShouldBe(JsonValueKind.Null);
        (await tenant.Admin.EventsAsync($"entityId={id}")).Select(e => e.GetProperty("code").GetInt32()).ShouldBe([501, 500]);
    }

    private static async Task<Guid> CreateAsync(TestTenant tenant, string name)
    {
        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/scripts", new { name, engine = "external" }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
        return (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
    }
}
