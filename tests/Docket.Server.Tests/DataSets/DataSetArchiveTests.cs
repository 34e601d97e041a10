using System.IO.Compression;
using System.Net.Http.Json;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Docket.Contracts.DataSets;
using Docket.Contracts.DataSets.Archive;
using Docket.Server.Common;
using Docket.Server.Features.DataSets.Archive;
using Docket.Server.Features.DataSets;
using Docket.Server.Storage.Blobs;
using Docket.Server.Storage;
using Docket.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.DataSets;

/// <summary>Archive builds end to end: queued by the API, built by the background worker, downloaded and opened.</summary>
public sealed class DataSetArchiveTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_archive_is_built_in_the_background_and_holds_the_version_with_events_under_the_requests_operation_key()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await server.MarkedProjectAsync(tenant, 5);
        var (dataSetId, _) = await CreateAsync(tenant, project, "Invoices", seed: 11, ratio: 0.6);
        var client = await server.CreateUserAsync(tenant, ("DataSet", ["View", "Manage"]));

        var requested = await client.PostAsync($"/api/v1/data-sets/{dataSetId}/versions/1/archives", null, Cancellation);

        requested.StatusCode.ShouldBe(HttpStatusCode.Accepted, await requested.Content.ReadAsStringAsync(Cancellation));
        var queued = await requested.ReadJsonAsync();
        var archiveId = queued.GetProperty("id").GetGuid();
        requested.Headers.Location!.OriginalString.ShouldBe($"/api/v1/data-sets/{dataSetId}/archives/{archiveId}");
        queued.GetProperty("state").GetString().ShouldBe("Queued");
        queued.GetProperty("itemCount").GetInt32().ShouldBe(5);
        var operationKey = requested.Headers.GetValues("X-Operation-Key").Single();
        queued.GetProperty("operationKey").GetString().ShouldBe(operationKey);

        var ready = await client.WaitForArchiveAsync(requested.Headers.Location, "Ready", "Failed", "TimedOut");
        ready.GetProperty("state").GetString().ShouldBe("Ready", ready.GetRawText());
        ready.GetProperty("itemsDone").GetInt32().ShouldBe(5);

        var download = await client.GetAsync($"{requested.Headers.Location}/content", Cancellation);
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        download.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldBe("Invoices-v1.zip");
        var bytes = await download.Content.ReadAsByteArrayAsync(Cancellation);
        ready.GetProperty("size").GetInt64().ShouldBe(bytes.Length);
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        zip.Entries.Select(e => e.FullName).ShouldBe(
            [DataSetArchiveFormat.ManifestEntry, DataSetArchiveFormat.SchemeEntry, DataSetArchiveFormat.ItemsEntry,
             .. (await ItemShasAsync(client, dataSetId)).Select(sha => $"images/{sha}.png")]);
        zip.Entries.ShouldAllBe(e => e.LastWriteTime.Year == 1980);

        var manifest = Read<DataSetArchiveFormat.Manifest>(zip, DataSetArchiveFormat.ManifestEntry);
        manifest.Format.ShouldBe("docket-dataset");
        manifest.FormatVersion.ShouldBe(2);
        manifest.DataSet.Name.ShouldBe("Invoices");
        manifest.DataSet.Version.ShouldBe(1);
        manifest.DataSet.Seed.ShouldBe(11);
        manifest.DataSet.TrainRatio.ShouldBe(0.6);
        (manifest.DataSet.ItemCount, manifest.DataSet.TrainCount, manifest.DataSet.TestCount).ShouldBe((5, 3, 2));
        var version = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/data-sets/{dataSetId}", Cancellation)).GetProperty("currentVersion");
        manifest.DataSet.ContentHash.ShouldBe(version.GetProperty("contentHash").GetString());

        var scheme = Read<DataSetArchiveFormat.Scheme>(zip, DataSetArchiveFormat.SchemeEntry);
        scheme.Name.ShouldBe("Invoice");
        scheme.Fields.Select(f => f.Name).ShouldBe(["Total", "Date", "Lines"]);
        scheme.Fields[0].FormatPattern.ShouldBe(@"^\d+\.\d{2}$");
        scheme.Fields[0].Required.ShouldBeTrue();
        scheme.Fields[2].Columns.Select(c => c.Name).ShouldBe(["Item", "Amount"]);

        var lines = ReadLines(zip);
        lines.Select(l => l.Part.ToString()).ShouldBe(["Train", "Train", "Train", "Test", "Test"]);
        using var hasher = new DataSetContentHasher();
        foreach (var line in lines)
        {
            var seeded = project.Images.Single(i => i.Sha256 == line.Sha256);
            (line.Name, line.Page, line.Width, line.Height, line.Rotation, line.DpiX).ShouldBe((seeded.Name, 1, seeded.Width, seeded.Height, seeded.Rotation, 200.0));
            line.Image.ShouldBe($"images/{seeded.Sha256}.png");
            using var image = new MemoryStream();
            await using (var entry = await zip.GetEntry(line.Image)!.OpenAsync(Cancellation))
            {
                await entry.CopyToAsync(image, Cancellation);
            }

            image.ToArray().ShouldBe(seeded.Png);
            line.Marking.Fields.Select(f => f.Field).ShouldBe(["Date", "Lines", "Total"]);
            line.Marking.Fields.Single(f => f.Field == "Total").Value.ShouldBe(seeded.Total);
            line.Marking.Fields.Single(f => f.Field == "Total").Boxes.ShouldBe([new DataSetArchiveFormat.Box(1, 2, 10, 4)]);
            var rows = line.Marking.Fields.Single(f => f.Field == "Lines").Rows!;
            rows.Select(r => r.Cells.Single(c => c.Column == "Item").Value).ShouldBe(["Paper", "Ink"]);
            hasher.Append(line.Sha256, line.Page, line.Part, line.Marking);
        }

        // The content hash can be recomputed from the archive alone, as an import would.
        hasher.Finish().ShouldBe(manifest.DataSet.ContentHash);

        var events = await tenant.Admin.EventsAsync($"operationKey={operationKey}&limit=100");
        var codes = events.Select(e => e.GetProperty("code").GetInt32()).ToArray();
        codes.Count(c => c == 12003).ShouldBe(1);
        codes.Count(c => c == 12006).ShouldBe(5);
        codes.Count(c => c == 12007).ShouldBe(5);
        codes.Count(c => c == 12004).ShouldBe(1);
        codes.ShouldNotContain(12005);
        events.ShouldAllBe(e => e.GetProperty("tenantId").GetGuid() == tenant.Id && e.GetProperty("entityId").GetString() == dataSetId.ToString());
        events.Where(e => e.GetProperty("code").GetInt32() == 12007).Select(e => e.GetProperty("text").GetString())
            .ShouldBe(project.Images.Select(i => i.Name), ignoreOrder: true);
    }

    [Fact]
    public async Task Asking_twice_for_a_versions_archive_reuses_the_build_and_the_archives_are_listed()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await server.MarkedProjectAsync(tenant, 3);
        var (dataSetId, _) = await CreateAsync(tenant, project, "Once", seed: 3, ratio: 0.5);

        var first = await tenant.Admin.PostAsync($"/api/v1/data-sets/{dataSetId}/versions/1/archives", null, Cancellation);
        var whileQueuedOrBuilding = await tenant.Admin.PostAsync($"/api/v1/data-sets/{dataSetId}/versions/1/archives", null, Cancellation);
        var ready = await tenant.Admin.WaitForArchiveAsync(first.Headers.Location!, "Ready");
        var whenReady = await tenant.Admin.PostAsync($"/api/v1/data-sets/{dataSetId}/versions/1/archives", null, Cancellation);

        whileQueuedOrBuilding.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        whileQueuedOrBuilding.Headers.Location.ShouldBe(first.Headers.Location);
        whenReady.Headers.Location.ShouldBe(first.Headers.Location);
        (await whenReady.ReadJsonAsync()).GetProperty("state").GetString().ShouldBe("Ready");
        (await tenant.Admin.EventsAsync($"codes=12004&tenantId={tenant.Id}")).Length.ShouldBe(1);

        var listed = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/data-sets/{dataSetId}/archives", Cancellation);
        listed.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetString().ShouldBe(ready.GetProperty("id").GetString());
        var ofVersion = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/data-sets/{dataSetId}/archives?version=1&limit=1", Cancellation);
        ofVersion.GetProperty("items").GetArrayLength().ShouldBe(1);
        ofVersion.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);
        var ofOther = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/data-sets/{dataSetId}/archives?version=2", Cancellation);
        ofOther.GetProperty("items").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_datasets_archives_are_listed_only_to_callers_who_may_view_it()
    {
        var tenant = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();
        var project = await server.MarkedProjectAsync(tenant, 2);
        var (dataSetId, _) = await CreateAsync(tenant, project, "Listed", seed: 1, ratio: 0.5);
        var requested = await tenant.Admin.PostAsync($"/api/v1/data-sets/{dataSetId}/versions/1/archives", null, Cancellation);
        await tenant.Admin.WaitForArchiveAsync(requested.Headers.Location!, "Ready");
        using var anonymous = server.Anonymous();
        var withoutRight = await server.CreateUserAsync(tenant, ("Project", ["View"]));

        await (await other.Admin.GetAsync($"/api/v1/data-sets/{dataSetId}/archives", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await withoutRight.GetAsync($"/api/v1/data-sets/{dataSetId}/archives", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await anonymous.GetAsync($"/api/v1/data-sets/{dataSetId}/archives", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await tenant.Admin.GetAsync($"/api/v1/data-sets/{dataSetId}/archives", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_downloads_name_keeps_the_datasets_script_and_no_path()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await server.MarkedProjectAsync(tenant, 1);
        var (dataSetId, _) = await CreateAsync(tenant, project, "../Счета 2025/2026", seed: 3, ratio: 0.5);
        var requested = await tenant.Admin.PostAsync($"/api/v1/data-sets/{dataSetId}/versions/1/archives", null, Cancellation);
        await tenant.Admin.WaitForArchiveAsync(requested.Headers.Location!, "Ready");

        using var download = await tenant.Admin.GetAsync($"{requested.Headers.Location}/content", Cancellation);

        var disposition = download.Content.Headers.ContentDisposition!;
        disposition.FileNameStar.ShouldBe("Счета 2025_2026-v1.zip");
        disposition.FileName!.Trim('"').ShouldBe("_____ 2025_2026-v1.zip");
    }

    [Fact]
    public async Task A_missing_page_fails_the_build_with_DataSetArchivateCompletedError_and_the_download_is_refused()
    {
        var tenant = await server.CreateTenantAsync();
        // Pages of their own: the blob removed below must not be one other tests' images share.
        var project = await server.MarkedProjectAsync(tenant, 3, variant: 1);
        var (dataSetId, _) = await CreateAsync(tenant, project, "Broken", seed: 4, ratio: 0.5);
        var lost = project.Images[1];
        server.App.Services.GetRequiredService<IBlobStore>().Delete(lost.Sha256);

        var requested = await tenant.Admin.PostAsync($"/api/v1/data-sets/{dataSetId}/versions/1/archives", null, Cancellation);
        requested.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var failed = await tenant.Admin.WaitForArchiveAsync(requested.Headers.Location!, "Ready", "Failed", "TimedOut");

        failed.GetProperty("state").GetString().ShouldBe("Failed");
        failed.GetProperty("error").GetString()!.ShouldContain(lost.Name);
        failed.GetProperty("size").ValueKind.ShouldBe(JsonValueKind.Null);
        var problem = await (await tenant.Admin.GetAsync($"{requested.Headers.Location}/content", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("detail").GetString()!.ShouldContain("Failed");
        var operationKey = requested.Headers.GetValues("X-Operation-Key").Single();
        var events = await tenant.Admin.EventsAsync($"operationKey={operationKey}&limit=100");
        var error = events.Single(e => e.GetProperty("code").GetInt32() == 12005);
        error.GetProperty("text").GetString()!.ShouldContain("missing from the blob store");
        events.ShouldNotContain(e => e.GetProperty("code").GetInt32() == 12004);
    }

    [Fact]
    public async Task A_build_whose_lease_ran_out_is_taken_over_and_one_whose_lease_holds_is_left_alone()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await server.MarkedProjectAsync(tenant, 3);
        var (dataSetId, _) = await CreateAsync(tenant, project, "Orphaned", seed: 9, ratio: 0.5);
        var stale = Guid.CreateVersion7();
        var held = Guid.CreateVersion7();
        await using (var scope = server.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
            var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var version = await db.DataSetVersions.SingleAsync(v => v.DataSetId == dataSetId, Cancellation);
            // Two builds another replica started: one whose replica died a minute ago, one still alive.
            db.DataSetArchives.AddRange(Orphan(stale, now.AddMinutes(-1)), Orphan(held, now.AddHours(1)));
            await db.SaveChangesAsync(Cancellation);

            DataSetArchive Orphan(Guid id, DateTime leaseUntil) => new()
            {
                Id = id,
                TenantId = tenant.Id,
                ProjectId = project.ProjectId,
                DataSetId = dataSetId,
                VersionId = version.Id,
                VersionNumber = 1,
                State = DataSetArchiveState.Building,
                FormatVersion = DataSetArchiveFormat.FormatVersion,
                ItemCount = 3,
                ItemsDone = 1,
                OperationKey = "orphan-" + id.ToString("N"),
                RequestedAt = now.AddMinutes(-2),
                StartedAt = now.AddMinutes(-2),
                LeaseOwner = "node-that-died",
                LeaseUntil = leaseUntil,
            };
        }

        var built = await tenant.Admin.WaitForArchiveAsync(new Uri($"/api/v1/data-sets/{dataSetId}/archives/{stale}", UriKind.Relative), "Ready", "Failed", "TimedOut");

        built.GetProperty("state").GetString().ShouldBe("Ready");
        built.GetProperty("itemsDone").GetInt32().ShouldBe(3);
        var codes = (await tenant.Admin.EventsAsync($"operationKey=orphan-{stale:N}&limit=100")).Select(e => e.GetProperty("code").GetInt32()).ToArray();
        codes.Count(c => c == 12003).ShouldBe(1);
        codes.Count(c => c == 12004).ShouldBe(1);
        await using (var scope = server.Scope())
        {
            var untouched = await scope.ServiceProvider.GetRequiredService<DocketDbContext>().DataSetArchives.AsNoTracking().SingleAsync(a => a.Id == held, Cancellation);
            (untouched.State, untouched.LeaseOwner, untouched.ItemsDone).ShouldBe((DataSetArchiveState.Building, "node-that-died", 1));
        }
    }

    [Fact]
    public async Task Another_tenants_archive_is_not_found_and_an_unknown_version_cannot_be_archived()
    {
        var tenant = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();
        var project = await server.MarkedProjectAsync(tenant, 2);
        var (dataSetId, _) = await CreateAsync(tenant, project, "Private", seed: 1, ratio: 0.5);
        var requested = await tenant.Admin.PostAsync($"/api/v1/data-sets/{dataSetId}/versions/1/archives", null, Cancellation);
        await tenant.Admin.WaitForArchiveAsync(requested.Headers.Location!, "Ready");

        await (await other.Admin.GetAsync(requested.Headers.Location, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await other.Admin.GetAsync($"{requested.Headers.Location}/content", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await other.Admin.PostAsync($"/api/v1/data-sets/{dataSetId}/versions/1/archives", null, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await tenant.Admin.PostAsync($"/api/v1/data-sets/{dataSetId}/versions/2/archives", null, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await tenant.Admin.GetAsync($"/api/v1/data-sets/{dataSetId}/archives/{Guid.NewGuid()}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    private static async Task<(Guid Id, string OperationKey)> CreateAsync(TestTenant tenant, SeededProject project, string name, int seed, double ratio)
    {
        var response = await tenant.Admin.PostAsJsonAsync($"/api/v1/projects/{project.ProjectId}/data-sets",
            new { name, schemeId = project.SchemeId, trainRatio = ratio, seed }, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        return ((await response.ReadJsonAsync()).GetProperty("id").GetGuid(), response.Headers.GetValues("X-Operation-Key").Single());
    }

    /// <summary>The page SHA-256s in item order, each once: the order the zip stores them in.</summary>
    private static async Task<string[]> ItemShasAsync(HttpClient client, Guid dataSetId)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/data-sets/{dataSetId}/versions/1/items", Cancellation);
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("imageSha256").GetString()!).Distinct()];
    }

    private static T Read<T>(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        return JsonSerializer.Deserialize<T>(stream, DataSetArchiveFormat.Json)!;
    }

    private static List<DataSetArchiveFormat.Item> ReadLines(ZipArchive zip)
    {
        using var reader = new StreamReader(zip.GetEntry(DataSetArchiveFormat.ItemsEntry)!.Open());
        var lines = new List<DataSetArchiveFormat.Item>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(JsonSerializer.Deserialize<DataSetArchiveFormat.Item>(line, DataSetArchiveFormat.Json)!);
        }

        return lines;
    }
}
