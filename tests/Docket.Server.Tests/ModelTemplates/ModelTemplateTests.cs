using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Docket.Server.Storage.Blobs;
using Docket.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.ModelTemplates;

/// <summary>Model templates through the API: what each change records, the package kept by its SHA-256, hostile zips refused.</summary>
[Trait("Category", "Fast")]
public sealed class ModelTemplateTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static readonly Guid FieldExtraction = Guid.Parse("00000000-0000-7000-8001-000000000001");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Zips the server must refuse whole: (case, bytes).</summary>
    public static TheoryData<string, byte[]> HostilePackages => new()
    {
        { "zip-slip path", TestPackages.ZipOf(("model/config.json", "{}"u8.ToArray()), ("../../etc/cron.d/evil", "* * * * * root sh"u8.ToArray())) },
        { "absolute path", TestPackages.ZipOf(("/etc/passwd", "root:x:0:0"u8.ToArray())) },
        { "decompression bomb", TestPackages.ZipOf(("model/weights.bin", new byte[32 * 1024 * 1024])) },
        { "wrong CRC-32", HostileZips.WithWrongCrc(TestPackages.ZipOf(("model/config.json", Encoding.UTF8.GetBytes("{\"layers\": 12}"))), "model/config.json") },
        { "not a zip", Encoding.UTF8.GetBytes("this is a text file, not a zip archive at all") },
        { "truncated zip", TestPackages.Zip("truncated")[..300] },
        { "a zip with no files", TestPackages.ZipOf() },
    };

    [Fact]
    public async Task Create_upload_update_and_delete_record_ModelTemplateCreated_ModelTemplateUpdated_and_ModelTemplateRemoved()
    {
        var tenant = await server.CreateTenantAsync();
        var (client, userId) = await server.CreateUserWithIdAsync(tenant, ("ModelTemplate", ["View", "Create", "Edit", "Delete"]));
        var created = await client.PostAsJsonAsync("/api/v1/model-templates", new { name = "Base OCR", modelTypeId = FieldExtraction, description = "Starting weights" }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
        var template = await created.ReadJsonAsync();
        var id = template.GetProperty("id").GetGuid();
        template.GetProperty("package").ValueKind.ShouldBe(JsonValueKind.Null);
        var package = TestPackages.Zip("lifecycle");

        using var upload = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/model-templates/{id}/package") { Content = TestPackages.Content(package) };
        upload.Headers.IfMatch.Add(created.Headers.ETag!);
        var uploaded = await client.SendAsync(upload, Cancellation);
        var renamed = await client.PutAsJsonAsync($"/api/v1/model-templates/{id}", new { name = "Base OCR 2", modelTypeId = FieldExtraction }, Cancellation);
        var download = await client.GetAsync($"/api/v1/model-templates/{id}/package", Cancellation);
        var downloaded = await download.Content.ReadAsByteArrayAsync(Cancellation);
        var deleted = await client.DeleteAsync($"/api/v1/model-templates/{id}", Cancellation);

        uploaded.StatusCode.ShouldBe(HttpStatusCode.OK, await uploaded.Content.ReadAsStringAsync(Cancellation));
        var kept = (await uploaded.ReadJsonAsync()).GetProperty("package");
        kept.GetProperty("size").GetInt64().ShouldBe(package.Length);
        kept.GetProperty("sha256").GetString().ShouldBe(TestPackages.Sha256(package));
        uploaded.Headers.ETag!.Tag.ShouldNotBe(created.Headers.ETag!.Tag);
        renamed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await renamed.ReadJsonAsync()).GetProperty("package").GetProperty("sha256").GetString().ShouldBe(TestPackages.Sha256(package));
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        download.Headers.ETag!.Tag.ShouldBe($"\"{TestPackages.Sha256(package)}\"");
        downloaded.ShouldBe(package);
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var events = (await tenant.Admin.EventsAsync($"entityId={id}")).Reverse().ToArray();
        events.Select(e => e.GetProperty("code").GetInt32()).ShouldBe([10000, 10001, 10001, 10002]);
        events[1].GetProperty("data").GetProperty("package").GetProperty("sha256").GetString().ShouldBe(TestPackages.Sha256(package));
        foreach (var e in events)
        {
            e.GetProperty("entityKind").GetString().ShouldBe("ModelTemplate");
            e.GetProperty("tenantId").GetGuid().ShouldBe(tenant.Id);
            e.GetProperty("userId").GetGuid().ShouldBe(userId);
        }
    }

    [Theory]
    [MemberData(nameof(HostilePackages))]
    public async Task A_hostile_package_is_refused_with_a_problem_and_nothing_is_kept(string @case, byte[] zip)
    {
        var tenant = await server.CreateTenantAsync();
        var id = await CreateAsync(tenant, "Hostile");

        var response = await tenant.Admin.PutAsync($"/api/v1/model-templates/{id}/package", TestPackages.Content(zip), Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("detail").GetString().ShouldNotBeNullOrEmpty(@case);
        (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/model-templates/{id}", Cancellation)).GetProperty("package").ValueKind.ShouldBe(JsonValueKind.Null, @case);
        server.App.Services.GetRequiredService<IBlobStore>().PathOf(TestPackages.Sha256(zip)).ShouldBeNull(@case);
        (await tenant.Admin.EventsAsync($"entityId={id}&codes=10001")).ShouldBeEmpty(@case);
    }

    [Fact]
    public async Task An_empty_body_or_a_body_that_is_not_a_zip_type_is_refused_before_anything_is_kept()
    {
        var tenant = await server.CreateTenantAsync();
        var id = await CreateAsync(tenant, "Empty");

        var empty = await tenant.Admin.PutAsync($"/api/v1/model-templates/{id}/package", TestPackages.Content([]), Cancellation);
        var json = await tenant.Admin.PutAsync($"/api/v1/model-templates/{id}/package", TestPackages.Content(TestPackages.Zip("json"), "application/json"), Cancellation);
        var missing = await tenant.Admin.GetAsync($"/api/v1/model-templates/{id}/package", Cancellation);

        await empty.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await json.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await tenant.Admin.EventsAsync($"entityId={id}&codes=10001")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_template_names_only_a_model_type_its_tenant_has()
    {
        var tenant = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();
        var foreign = await (await other.Admin.PostAsJsonAsync("/api/v1/model-types", new { name = "Theirs", purpose = "FreeForm" }, Cancellation)).ReadJsonAsync();

        var refused = await tenant.Admin.PostAsJsonAsync("/api/v1/model-templates", new { name = "Mine", modelTypeId = foreign.GetProperty("id").GetGuid() }, Cancellation);
        var unknown = await tenant.Admin.PostAsJsonAsync("/api/v1/model-templates", new { name = "Mine", modelTypeId = Guid.NewGuid() }, Cancellation);

        (await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("modelTypeId").GetArrayLength().ShouldBe(1);
        await unknown.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await tenant.Admin.EventsAsync("codes=10000")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_model_type_with_templates_cannot_be_removed_until_they_are()
    {
        var tenant = await server.CreateTenantAsync();
        var type = await (await tenant.Admin.PostAsJsonAsync("/api/v1/model-types", new { name = "Receipts", purpose = "FieldExtraction" }, Cancellation)).ReadJsonAsync();
        var typeId = type.GetProperty("id").GetGuid();
        var template = await CreateAsync(tenant, "Receipts base", typeId);

        var refused = await tenant.Admin.DeleteAsync($"/api/v1/model-types/{typeId}", Cancellation);

        (await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("model templates");
        (await tenant.Admin.DeleteAsync($"/api/v1/model-templates/{template}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await tenant.Admin.DeleteAsync($"/api/v1/model-types/{typeId}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    private static async Task<Guid> CreateAsync(TestTenant tenant, string name, Guid? modelTypeId = null)
    {
        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/model-templates", new { name, modelTypeId = modelTypeId ?? FieldExtraction }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
        return (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
    }
}
