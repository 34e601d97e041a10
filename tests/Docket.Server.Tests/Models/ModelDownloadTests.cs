using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Storage.Blobs;
using Docket.Server.Tests.Infrastructure;
using Docket.Server.Tests.ModelTemplates;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Models;

/// <summary>
/// The download of a version's package and what it records: 14003 for each answer that sends the package or a range
/// of it, 14004 with the reason for one that cannot, nothing for a model the caller may not see.
/// </summary>
[Trait("Category", "Fast")]
public sealed class ModelDownloadTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static readonly Guid FieldExtraction = Guid.Parse("00000000-0000-7000-8001-000000000001");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Downloading_a_version_or_a_range_of_it_records_ModelDownloadSuccess_with_the_model_and_version()
    {
        var tenant = await server.CreateTenantAsync();
        var (client, userId) = await server.CreateUserWithIdAsync(tenant, ("Model", ["View"]));
        var id = await CreateModelAsync(tenant, "Receipts");
        var package = TestPackages.Zip("download-success");
        var version = await UploadAsync(tenant, id, package);

        var whole = await client.GetAsync($"/api/v1/models/{id}/versions/1/package", Cancellation);
        using var ranged = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/models/{id}/versions/1/package");
        ranged.Headers.Range = new RangeHeaderValue(10, 19);
        var part = await client.SendAsync(ranged, Cancellation);

        whole.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await whole.Content.ReadAsByteArrayAsync(Cancellation)).ShouldBe(package);
        part.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        (await part.Content.ReadAsByteArrayAsync(Cancellation)).ShouldBe(package[10..20]);
        var events = (await tenant.Admin.EventsAsync($"entityId={id}&codes=14003")).Reverse().ToArray();
        events.Length.ShouldBe(2);
        foreach (var e in events)
        {
            e.GetProperty("entityKind").GetString().ShouldBe("Model");
            e.GetProperty("tenantId").GetGuid().ShouldBe(tenant.Id);
            e.GetProperty("userId").GetGuid().ShouldBe(userId);
            e.GetProperty("text").GetString().ShouldBe("Receipts v1");
            var data = e.GetProperty("data");
            data.GetProperty("version").GetInt32().ShouldBe(1);
            data.GetProperty("versionId").GetGuid().ShouldBe(version.GetProperty("id").GetGuid());
            data.GetProperty("package").GetProperty("sha256").GetString().ShouldBe(TestPackages.Sha256(package));
            data.GetProperty("package").GetProperty("size").GetInt64().ShouldBe(package.Length);
        }

        events[0].GetProperty("data").GetProperty("range").ValueKind.ShouldBe(JsonValueKind.Null);
        events[1].GetProperty("data").GetProperty("range").GetString().ShouldBe($"bytes 10-19/{package.Length}");
    }

    [Fact]
    public async Task A_download_that_cannot_be_served_records_ModelDownloadError_with_the_reason()
    {
        var tenant = await server.CreateTenantAsync();
        var id = await CreateModelAsync(tenant, "Broken");
        var kept = TestPackages.Zip("download-kept");
        var lost = TestPackages.Zip("download-lost");
        await UploadAsync(tenant, id, kept);
        await UploadAsync(tenant, id, lost);
        File.Delete(server.App.Services.GetRequiredService<IBlobStore>().PathOf(TestPackages.Sha256(lost))!);

        var noVersion = await tenant.Admin.GetAsync($"/api/v1/models/{id}/versions/7/package", Cancellation);
        var noBlob = await tenant.Admin.GetAsync($"/api/v1/models/{id}/versions/2/package", Cancellation);
        using var pastTheEnd = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/models/{id}/versions/1/package");
        pastTheEnd.Headers.Range = new RangeHeaderValue(kept.Length + 100, null);
        var unsatisfiable = await tenant.Admin.SendAsync(pastTheEnd, Cancellation);

        await noVersion.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await noBlob.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        unsatisfiable.StatusCode.ShouldBe(HttpStatusCode.RequestedRangeNotSatisfiable);
        var events = (await tenant.Admin.EventsAsync($"entityId={id}&codes=14003,14004")).Reverse().ToArray();
        events.Select(e => e.GetProperty("code").GetInt32()).ShouldBe([14004, 14004, 14004]);
        events.Select(e => e.GetProperty("data").GetProperty("version").GetInt32()).ShouldBe([7, 2, 1]);
        var reasons = events.Select(e => e.GetProperty("data").GetProperty("reason").GetString()!).ToArray();
        reasons[0].ShouldContain("no version 7");
        reasons[1].ShouldContain("missing from the blob store");
        reasons[1].ShouldContain(TestPackages.Sha256(lost));
        reasons[2].ShouldContain("cannot be satisfied");
        events[1].GetProperty("text").GetString().ShouldBe($"Broken v2: {reasons[1]}");
    }

    [Fact]
    public async Task A_caller_that_holds_the_package_already_or_may_not_see_the_model_records_nothing()
    {
        var tenant = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();
        var id = await CreateModelAsync(tenant, "Private");
        var package = TestPackages.Zip("download-unseen");
        await UploadAsync(tenant, id, package);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/models/{id}/versions/1/package");
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{TestPackages.Sha256(package)}\""));
        var notModified = await tenant.Admin.SendAsync(conditional, Cancellation);
        var theirs = await other.Admin.GetAsync($"/api/v1/models/{id}/versions/1/package", Cancellation);
        var theirsMissing = await other.Admin.GetAsync($"/api/v1/models/{id}/versions/9/package", Cancellation);

        notModified.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        await theirs.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await theirsMissing.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await tenant.Admin.EventsAsync($"entityId={id}&codes=14003,14004")).ShouldBeEmpty();
        (await other.Admin.EventsAsync("codes=14003,14004")).ShouldBeEmpty();
    }

    private static async Task<Guid> CreateModelAsync(TestTenant tenant, string name)
    {
        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/models", new { name, modelTypeId = FieldExtraction }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
        return (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> UploadAsync(TestTenant tenant, Guid id, byte[] package)
    {
        var response = await tenant.Admin.PostAsync($"/api/v1/models/{id}/versions", TestPackages.Content(package), Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        return await response.ReadJsonAsync();
    }
}
