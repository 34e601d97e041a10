using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Docket.Server.Features.DataSets;
using Docket.Server.Storage;
using Docket.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.DataSets;

/// <summary>Datasets through the API: what making one records, the deterministic split, frozen versions, concurrency, removal.</summary>
public sealed class DataSetTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_records_DataSetCreated_and_one_MarkingMovedToDataSet_per_marking_split_by_the_ratio()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await server.MarkedProjectAsync(tenant, 20);
        var client = await server.CreateUserAsync(tenant, ("DataSet", ["View", "Create"]));

        var created = await client.PostAsJsonAsync($"/api/v1/projects/{project.ProjectId}/data-sets",
            new { name = "Invoices", description = "Supplier invoices", schemeId = project.SchemeId, trainRatio = 0.75, seed = 42 }, Cancellation);

        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
        var dataSet = await created.ReadJsonAsync();
        var id = dataSet.GetProperty("id").GetGuid();
        created.Headers.Location!.OriginalString.ShouldBe($"/api/v1/data-sets/{id}");
        created.Headers.ETag!.Tag.ShouldBe(dataSet.GetProperty("eTag").GetString());
        dataSet.GetProperty("tenantId").GetGuid().ShouldBe(tenant.Id);
        dataSet.GetProperty("schemeId").GetGuid().ShouldBe(project.SchemeId);
        var version = dataSet.GetProperty("currentVersion");
        version.GetProperty("number").GetInt32().ShouldBe(1);
        version.GetProperty("seed").GetInt32().ShouldBe(42);
        version.GetProperty("trainRatio").GetDouble().ShouldBe(0.75);
        version.GetProperty("itemCount").GetInt32().ShouldBe(20);
        version.GetProperty("trainCount").GetInt32().ShouldBe(15);
        version.GetProperty("testCount").GetInt32().ShouldBe(5);
        version.GetProperty("contentHash").GetString()!.Length.ShouldBe(64);

        var operationKey = created.Headers.GetValues("X-Operation-Key").Single();
        (await tenant.Admin.EventsAsync($"codes=12000&entityId={id}")).Length.ShouldBe(1);
        var placed = await tenant.Admin.EventsAsync($"codes=11002&operationKey={operationKey}&limit=100");
        placed.Length.ShouldBe(20);
        placed.Count(e => e.GetProperty("text").GetString() == "train").ShouldBe(15);
        placed.Count(e => e.GetProperty("text").GetString() == "test").ShouldBe(5);
        placed.Select(e => e.GetProperty("entityId").GetString()).ShouldBe(project.Images.Select(i => i.MarkingId.ToString()), ignoreOrder: true);
        placed.ShouldAllBe(e => e.GetProperty("entityKind").GetString() == "Marking" && e.GetProperty("projectId").GetGuid() == project.ProjectId);

        var items = await ItemsAsync(client, id, 1, limit: 7);
        items.Select(i => i.GetProperty("ordinal").GetInt32()).ShouldBe(Enumerable.Range(0, 20));
        items.Select(i => i.GetProperty("part").GetString()).ShouldBe([.. Enumerable.Repeat("Train", 15), .. Enumerable.Repeat("Test", 5)]);
        items.Select(i => i.GetProperty("imageId").GetGuid()).ShouldBe(project.Images.Select(i => i.Id), ignoreOrder: true);
        var first = items.Single(i => i.GetProperty("imageId").GetGuid() == project.Images[3].Id);
        first.GetProperty("imageSha256").GetString().ShouldBe(project.Images[3].Sha256);
        first.GetProperty("width").GetInt32().ShouldBe(project.Images[3].Width);
        first.GetProperty("rotation").GetInt32().ShouldBe(90);
        first.GetProperty("marking").GetProperty("fields")[0].GetProperty("value").GetString().ShouldBe(project.Images[3].Total);

        var tests = await client.GetFromJsonAsync<JsonElement>($"/api/v1/data-sets/{id}/versions/1/items?part=Test", Cancellation);
        tests.GetProperty("items").GetArrayLength().ShouldBe(5);

        var read = await client.GetAsync($"/api/v1/data-sets/{id}", Cancellation);
        read.Headers.ETag!.Tag.ShouldBe(created.Headers.ETag.Tag);
        var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/data-sets?projectId={project.ProjectId}", Cancellation);
        list.GetProperty("items").EnumerateArray().Single().GetProperty("currentVersion").GetProperty("trainCount").GetInt32().ShouldBe(15);
    }

    [Fact]
    public async Task The_same_markings_ratio_and_seed_give_the_same_split_and_another_seed_another()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await server.MarkedProjectAsync(tenant, 40);

        var a = await CreateAsync(tenant, project, "A", seed: 7, ratio: 0.5);
        var b = await CreateAsync(tenant, project, "B", seed: 7, ratio: 0.5);
        var c = await CreateAsync(tenant, project, "C", seed: 8, ratio: 0.5);
        var drawn = await CreateAsync(tenant, project, "D", seed: null, ratio: 0.5);

        var partsA = await PartsAsync(tenant.Admin, a);
        (await PartsAsync(tenant.Admin, b)).ShouldBe(partsA);
        (await PartsAsync(tenant.Admin, c)).ShouldNotBe(partsA);
        partsA.Count(p => p.EndsWith(":Train", StringComparison.Ordinal)).ShouldBe(20);
        (await HashAsync(tenant.Admin, a)).ShouldBe(await HashAsync(tenant.Admin, b));
        (await HashAsync(tenant.Admin, c)).ShouldNotBe(await HashAsync(tenant.Admin, a));
        var seed = (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/data-sets/{drawn}", Cancellation))
            .GetProperty("currentVersion").GetProperty("seed");
        seed.ValueKind.ShouldBe(JsonValueKind.Number);
    }

    [Fact]
    public async Task Equal_content_gives_an_equal_content_hash_in_another_project()
    {
        var tenant = await server.CreateTenantAsync();
        var one = await server.MarkedProjectAsync(tenant, 8);
        var other = await server.MarkedProjectAsync(tenant, 8);

        var a = await CreateAsync(tenant, one, "Here", seed: 3, ratio: 0.6);
        var b = await CreateAsync(tenant, other, "There", seed: 3, ratio: 0.6);

        // Other ids, other scheme, other images: the same pages, parts and markings by field name.
        (await HashAsync(tenant.Admin, b)).ShouldBe(await HashAsync(tenant.Admin, a));
    }

    [Fact]
    public async Task A_version_stays_frozen_when_markings_change_and_the_next_version_takes_the_change()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await server.MarkedProjectAsync(tenant, 6);
        var id = await CreateAsync(tenant, project, "Frozen", seed: 5, ratio: 0.5);
        var before = await ItemsAsync(tenant.Admin, id, 1);
        var hashBefore = await HashAsync(tenant.Admin, id);

        await server.RemarkAsync(project, project.Images[0], "999.99", "Amount due");

        (await ItemsAsync(tenant.Admin, id, 1)).Select(i => i.GetRawText()).ShouldBe(before.Select(i => i.GetRawText()));
        var made = await tenant.Admin.PostAsync($"/api/v1/data-sets/{id}/versions", null, Cancellation);
        made.StatusCode.ShouldBe(HttpStatusCode.Created, await made.Content.ReadAsStringAsync(Cancellation));
        made.Headers.Location!.OriginalString.ShouldBe($"/api/v1/data-sets/{id}/versions/2");
        var second = await made.ReadJsonAsync();
        second.GetProperty("number").GetInt32().ShouldBe(2);
        second.GetProperty("seed").GetInt32().ShouldBe(5);
        second.GetProperty("trainRatio").GetDouble().ShouldBe(0.5);
        second.GetProperty("contentHash").GetString().ShouldNotBe(hashBefore);

        var versions = (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/data-sets/{id}/versions", Cancellation)).EnumerateArray().ToArray();
        versions.Select(v => v.GetProperty("number").GetInt32()).ShouldBe([1, 2]);
        versions[0].GetProperty("contentHash").GetString().ShouldBe(hashBefore);
        versions[0].GetProperty("scheme").GetProperty("fields")[0].GetProperty("name").GetString().ShouldBe("Total");
        versions[1].GetProperty("scheme").GetProperty("fields")[0].GetProperty("name").GetString().ShouldBe("Amount due");
        var remarked = (await ItemsAsync(tenant.Admin, id, 2)).Single(i => i.GetProperty("imageId").GetGuid() == project.Images[0].Id);
        remarked.GetProperty("marking").GetProperty("fields")[0].GetProperty("value").GetString().ShouldBe("999.99");
        (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/data-sets/{id}", Cancellation))
            .GetProperty("currentVersion").GetProperty("number").GetInt32().ShouldBe(2);

        var operationKey = made.Headers.GetValues("X-Operation-Key").Single();
        var events = await tenant.Admin.EventsAsync($"operationKey={operationKey}&limit=100");
        events.Count(e => e.GetProperty("code").GetInt32() == 12001).ShouldBe(1);
        events.Count(e => e.GetProperty("code").GetInt32() == 11002).ShouldBe(6);
    }

    [Fact]
    public async Task A_scheme_a_dataset_uses_is_not_removed_even_once_its_images_took_their_markings_with_them()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await server.MarkedProjectAsync(tenant, 2);
        var created = await tenant.Admin.PostAsJsonAsync($"/api/v1/projects/{project.ProjectId}/data-sets", new { name = "Held", schemeId = project.SchemeId }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));

        foreach (var image in project.Images)
        {
            (await tenant.Admin.DeleteAsync($"/api/v1/images/{image.Id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        // Each image removal was announced to the marking area, which removed the marking and recorded its 11001.
        (await tenant.Admin.EventsAsync($"codes=11001&projectId={project.ProjectId}")).Select(e => e.GetProperty("entityId").GetString())
            .ShouldBe(project.Images.Select(i => i.MarkingId.ToString()), ignoreOrder: true);
        var refused = await (await tenant.Admin.DeleteAsync($"/api/v1/marking-schemes/{project.SchemeId}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        refused.GetProperty("detail").GetString().ShouldBe("The marking scheme is used by datasets; remove them before the scheme.");
        await (await tenant.Admin.DeleteAsync($"/api/v1/projects/{project.ProjectId}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Update_and_delete_need_the_current_ETag_and_record_DataSetUpdated_and_DataSetRemoved()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await server.MarkedProjectAsync(tenant, 3);
        var id = await CreateAsync(tenant, project, "Editable", seed: 1, ratio: 0.8);
        var etag = (await tenant.Admin.GetAsync($"/api/v1/data-sets/{id}", Cancellation)).Headers.ETag!;

        using (var stale = Put(id, new EntityTagHeaderValue("\"00000000000000000000000000000000\"")))
        {
            await (await tenant.Admin.SendAsync(stale, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        }

        using (var current = Put(id, etag))
        {
            var updated = await tenant.Admin.SendAsync(current, Cancellation);
            updated.StatusCode.ShouldBe(HttpStatusCode.OK, await updated.Content.ReadAsStringAsync(Cancellation));
            (await updated.ReadJsonAsync()).GetProperty("name").GetString().ShouldBe("Renamed");
            updated.Headers.ETag!.Tag.ShouldNotBe(etag.Tag);
        }

        using (var staleDelete = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/data-sets/{id}"))
        {
            staleDelete.Headers.IfMatch.Add(etag);
            await (await tenant.Admin.SendAsync(staleDelete, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        }

        var archive = await tenant.Admin.PostAsync($"/api/v1/data-sets/{id}/versions/1/archives", null, Cancellation);
        archive.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await tenant.Admin.WaitForArchiveAsync(archive.Headers.Location!, "Ready");
        (await tenant.Admin.DeleteAsync($"/api/v1/data-sets/{id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await tenant.Admin.GetAsync($"/api/v1/data-sets/{id}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await tenant.Admin.GetAsync(archive.Headers.Location, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var events = (await tenant.Admin.EventsAsync($"entityId={id}&codes=12000,12001,12002")).Reverse().ToArray();
        events.Select(e => e.GetProperty("code").GetInt32()).ShouldBe([12000, 12001, 12002]);
        events[1].GetProperty("data").GetProperty("name").GetString().ShouldBe("Renamed");
        await using var scope = server.Scope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        (await db.DataSetVersions.CountAsync(v => v.DataSetId == id, Cancellation)).ShouldBe(0);
        (await db.DataSetArchives.CountAsync(a => a.DataSetId == id, Cancellation)).ShouldBe(0);
        (await db.DataSetItems.CountAsync(i => project.Images.Select(x => x.Id).Contains(i.ImageId!.Value), Cancellation)).ShouldBe(0);

        HttpRequestMessage Put(Guid dataSet, EntityTagHeaderValue tag)
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/data-sets/{dataSet}")
            {
                Content = JsonContent.Create(new { name = "Renamed", description = "Edited" }),
            };
            request.Headers.IfMatch.Add(tag);
            return request;
        }
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_problem_details_and_make_nothing()
    {
        var tenant = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();
        var project = await server.MarkedProjectAsync(tenant, 2);
        var path = $"/api/v1/projects/{project.ProjectId}/data-sets";

        var ratio = await tenant.Admin.PostAsJsonAsync(path, new { name = "Bad", schemeId = project.SchemeId, trainRatio = 1.5 }, Cancellation);
        (await ratio.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("trainRatio").GetArrayLength().ShouldBe(1);
        var scheme = await tenant.Admin.PostAsJsonAsync(path, new { name = "Bad", schemeId = Guid.NewGuid() }, Cancellation);
        (await scheme.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("schemeId").GetArrayLength().ShouldBe(1);
        var images = await tenant.Admin.PostAsJsonAsync(path, new { name = "Bad", schemeId = project.SchemeId, imageIds = new[] { Guid.NewGuid() } }, Cancellation);
        (await images.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("imageIds").GetArrayLength().ShouldBe(1);
        var foreign = await other.Admin.PostAsJsonAsync(path, new { name = "Bad", schemeId = project.SchemeId }, Cancellation);
        await foreign.ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var subset = await tenant.Admin.PostAsJsonAsync(path, new { name = "Subset", schemeId = project.SchemeId, imageIds = new[] { project.Images[1].Id } }, Cancellation);
        subset.StatusCode.ShouldBe(HttpStatusCode.Created, await subset.Content.ReadAsStringAsync(Cancellation));
        var made = await subset.ReadJsonAsync();
        made.GetProperty("currentVersion").GetProperty("itemCount").GetInt32().ShouldBe(1);
        var twice = await tenant.Admin.PostAsJsonAsync(path, new { name = "SUBSET", schemeId = project.SchemeId }, Cancellation);
        await twice.ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var id = made.GetProperty("id").GetGuid();
        await (await other.Admin.GetAsync($"/api/v1/data-sets/{id}/versions/1/items", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await tenant.Admin.GetAsync($"/api/v1/data-sets/{id}/versions/9/items", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await tenant.Admin.GetAsync($"/api/v1/data-sets/{id}/versions/1/items?cursor=x", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await tenant.Admin.EventsAsync($"codes=12000&projectId={project.ProjectId}")).Length.ShouldBe(1);
    }

    private static async Task<Guid> CreateAsync(TestTenant tenant, SeededProject project, string name, int? seed, double ratio)
    {
        var response = await tenant.Admin.PostAsJsonAsync($"/api/v1/projects/{project.ProjectId}/data-sets",
            new { name, schemeId = project.SchemeId, trainRatio = ratio, seed }, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    private static async Task<List<JsonElement>> ItemsAsync(HttpClient client, Guid id, int version, int limit = 100)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>(
                $"/api/v1/data-sets/{id}/versions/{version}/items?limit={limit}" + (cursor is null ? "" : $"&cursor={cursor}"), Cancellation);
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return items;
    }

    /// <summary>"sha256:part" of each image, sorted: SHA-256s are the same in every project.</summary>
    private static async Task<List<string>> PartsAsync(HttpClient client, Guid id) =>
        [.. (await ItemsAsync(client, id, 1)).Select(i => $"{i.GetProperty("imageSha256").GetString()}:{i.GetProperty("part").GetString()}").Order(StringComparer.Ordinal)];

    private static async Task<string> HashAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/data-sets/{id}", Cancellation))
            .GetProperty("currentVersion").GetProperty("contentHash").GetString()!;
}
