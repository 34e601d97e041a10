using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Server.Tests.Infrastructure;
using Docket.Server.Tests.Markings;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.DataSets;

/// <summary>
/// Importing dataset archives (12009-12011), made end to end through the API: upload, scheme, markings, dataset,
/// archive build, download, import elsewhere, and archive again.
/// </summary>
public sealed class DataSetImportTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Export_import_and_export_again_gives_the_same_content()
    {
        var source = await server.CreateTenantAsync();
        var (dataSet, archive) = await ArchivedDataSetAsync(source);
        var target = await server.CreateTenantAsync();
        var project = await target.CreateProjectAsync();

        using var response = await ImportAsync(target.Admin, project, archive);

        var body = await response.Content.ReadAsStringAsync(Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        var imported = JsonDocument.Parse(body).RootElement;
        imported.GetProperty("name").GetString().ShouldBe(dataSet.GetProperty("name").GetString());
        imported.GetProperty("tenantId").GetGuid().ShouldBe(target.Id);
        var version = imported.GetProperty("currentVersion");
        version.GetProperty("contentHash").GetString().ShouldBe(dataSet.GetProperty("currentVersion").GetProperty("contentHash").GetString());
        version.GetProperty("trainCount").GetInt32().ShouldBe(dataSet.GetProperty("currentVersion").GetProperty("trainCount").GetInt32());

        var again = await ArchiveAsync(target.Admin, imported.GetProperty("id").GetGuid());
        var first = Entries(archive);
        var second = Entries(again);
        second.Keys.Order().ShouldBe(first.Keys.Order());
        foreach (var name in first.Keys.Where(n => n != "manifest.json"))
        {
            second[name].ShouldBe(first[name], name);
        }

        WithoutExportTime(second["manifest.json"]).ShouldBe(WithoutExportTime(first["manifest.json"]));

        var key = response.Headers.GetValues("X-Operation-Key").Single();
        var events = await target.Admin.EventsAsync($"operationKey={key}&limit=500");
        var codes = events.Select(e => e.GetProperty("code").GetInt32()).ToList();
        codes.Count(c => c == 12009).ShouldBe(1);
        codes.Count(c => c == 12010).ShouldBe(1);
        codes.Count(c => c == 5000).ShouldBe(1);
        codes.Count(c => c == 4000).ShouldBe(5);
        codes.Count(c => c == 11000).ShouldBe(5);
        codes.Count(c => c == 12000).ShouldBe(1);
        codes.Count(c => c == 11002).ShouldBe(5);
        codes.ShouldNotContain(12011);
    }

    [Fact]
    public async Task Importing_into_a_project_that_has_the_images_reuses_them_and_names_the_copies()
    {
        var tenant = await server.CreateTenantAsync();
        var (dataSet, archive) = await ArchivedDataSetAsync(tenant);
        var project = dataSet.GetProperty("projectId").GetGuid();

        using var response = await ImportAsync(tenant.Admin, project, archive);

        var body = await response.Content.ReadAsStringAsync(Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        var imported = JsonDocument.Parse(body).RootElement;
        imported.GetProperty("name").GetString().ShouldBe(dataSet.GetProperty("name").GetString() + " (imported)");
        var key = response.Headers.GetValues("X-Operation-Key").Single();
        (await tenant.Admin.EventsAsync($"operationKey={key}&codes=4000")).ShouldBeEmpty();
        var images = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/images?limit=100", Cancellation);
        images.GetProperty("items").GetArrayLength().ShouldBe(5);
    }

    public static TheoryData<string> Tamperings => new() { "marking", "image", "version", "slip", "counts", "scheme" };

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task A_damaged_archive_is_refused_whole_with_12011_and_nothing_is_kept(string tampering)
    {
        var source = await server.CreateTenantAsync();
        var (_, archive) = await ArchivedDataSetAsync(source);
        var target = await server.CreateTenantAsync();
        var project = await target.CreateProjectAsync();
        var (damaged, expected) = Tamper(archive, tampering);

        using var response = await ImportAsync(target.Admin, project, damaged);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("detail").GetString()!.ShouldContain(expected);
        var key = response.Headers.GetValues("X-Operation-Key").Single();
        var codes = (await target.Admin.EventsAsync($"operationKey={key}&limit=500")).Select(e => e.GetProperty("code").GetInt32()).Order().ToList();
        codes.ShouldBe([12009, 12011]);
        (await CountAsync(target, $"/api/v1/projects/{project}/images")).ShouldBe(0);
        (await CountAsync(target, $"/api/v1/projects/{project}/marking-schemes")).ShouldBe(0);
        (await CountAsync(target, $"/api/v1/data-sets?projectId={project}")).ShouldBe(0);
    }

    [Fact]
    public async Task Something_that_is_not_a_dataset_archive_is_refused()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();

        using var notZip = await ImportAsync(tenant.Admin, project, Encoding.UTF8.GetBytes("hello"));
        (await notZip.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("detail").GetString()!.ShouldContain("not a readable zip");

        using var images = await ImportAsync(tenant.Admin, project, TestImages.Zip(TestImages.Entry("a.png", TestImages.Png())));
        (await images.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("detail").GetString()!.ShouldContain("manifest.json");

        using var empty = await ImportAsync(tenant.Admin, project, []);
        await empty.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Importing_needs_the_rights_to_make_images_schemes_and_markings_too()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var caller = await server.CreateUserAsync(tenant, ("DataSet", ["Create"]));

        using var response = await ImportAsync(caller, project, TestImages.Zip(TestImages.Entry("manifest.json", [])));

        (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).GetProperty("detail").GetString()!.ShouldContain("MarkingScheme");
    }

    /// <summary>Five pages (three PNGs and a two-page TIFF) marked under an invoice scheme, in a dataset with a Ready archive.</summary>
    internal static async Task<(JsonElement DataSet, byte[] Archive)> ArchivedDataSetAsync(TestTenant tenant)
    {
        var project = await tenant.CreateProjectAsync();
        var scheme = await tenant.Admin.CreateSchemeAsync(project, new { name = "Invoice", fields = MarkingSetup.InvoiceFields });
        var report = await tenant.Admin.UploadAddingAsync(project,
            ("a.png", TestImages.Sparse(200, 150), "image/png"), ("b.png", TestImages.Sparse(220, 150), "image/png"),
            ("c.png", TestImages.Sparse(240, 150), "image/png"), ("fax.tif", TestImages.Tiff(2, 100, 80), "image/tiff"));
        var n = 0;
        foreach (var image in report.Added())
        {
            n++;
            var marking = new
            {
                fields = new object[]
                {
                    new { field = "Total", value = $"{n}0.50", boxes = new[] { new { x = 1, y = 2, width = 30, height = 10 } } },
                    new { field = "Number", value = $"INV-{n}" },
                    new { field = "Items", rows = new[] { new { cells = new object[] { new { column = "Name", value = $"Товар {n}" }, new { column = "Qty", value = "2" } } } } },
                },
            };
            using var put = await tenant.Admin.PutAsJsonAsync($"/api/v1/images/{image.GetProperty("id").GetString()}/markings/{scheme.GetProperty("id").GetString()}", marking, Cancellation);
            put.StatusCode.ShouldBe(HttpStatusCode.Created, await put.Content.ReadAsStringAsync(Cancellation));
        }

        using var created = await tenant.Admin.PostAsJsonAsync($"/api/v1/projects/{project}/data-sets",
            new { name = "Счета 2026", schemeId = scheme.GetProperty("id").GetGuid(), trainRatio = 0.6, seed = 42 }, Cancellation);
        var body = await created.Content.ReadAsStringAsync(Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        var dataSet = JsonDocument.Parse(body).RootElement.Clone();
        return (dataSet, await ArchiveAsync(tenant.Admin, dataSet.GetProperty("id").GetGuid()));
    }

    private static async Task<byte[]> ArchiveAsync(HttpClient client, Guid dataSet)
    {
        using var requested = await client.PostAsync($"/api/v1/data-sets/{dataSet}/versions/1/archives", null, Cancellation);
        requested.StatusCode.ShouldBe(HttpStatusCode.Accepted, await requested.Content.ReadAsStringAsync(Cancellation));
        var archive = await client.WaitForArchiveAsync(requested.Headers.Location!, "Ready");
        return await client.GetByteArrayAsync($"/api/v1/data-sets/{dataSet}/archives/{archive.GetProperty("id").GetString()}/content", Cancellation);
    }

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, Guid project, byte[] archive)
    {
        using var content = new ByteArrayContent(archive);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return await client.PostAsync($"/api/v1/projects/{project}/data-sets/import?name=dataset.zip", content, Cancellation);
    }

    private static async Task<int> CountAsync(TestTenant tenant, string url) =>
        (await tenant.Admin.GetFromJsonAsync<JsonElement>(url, Cancellation)).GetProperty("items").GetArrayLength();

    private static Dictionary<string, byte[]> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }

    private static string WithoutExportTime(byte[] manifest)
    {
        var node = JsonNode.Parse(manifest)!.AsObject();
        node.Remove("exportedAt");
        return node.ToJsonString();
    }

    /// <summary>The archive with one thing broken, and words the refusal must contain.</summary>
    private static (byte[] Archive, string Expected) Tamper(byte[] zip, string tampering)
    {
        var entries = Entries(zip);
        string expected;
        switch (tampering)
        {
            case "marking":
                entries["items.ndjson"] = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(entries["items.ndjson"]).Replace("INV-1\"", "INV-9\"", StringComparison.Ordinal));
                expected = "content hash";
                break;
            case "image":
                var image = entries.Keys.First(k => k.StartsWith("images/", StringComparison.Ordinal));
                entries[image] = TestImages.Png(20, 20);
                expected = "does not hold the bytes its name says";
                break;
            case "version":
                var manifest = JsonNode.Parse(entries["manifest.json"])!.AsObject();
                manifest["formatVersion"] = 2;
                entries["manifest.json"] = Encoding.UTF8.GetBytes(manifest.ToJsonString());
                expected = "format version 2";
                break;
            case "slip":
                entries["../evil.txt"] = Encoding.UTF8.GetBytes("x");
                expected = "zip-slip";
                break;
            case "counts":
                var counted = JsonNode.Parse(entries["manifest.json"])!.AsObject();
                counted["dataSet"]!["itemCount"] = 99;
                entries["manifest.json"] = Encoding.UTF8.GetBytes(counted.ToJsonString());
                expected = "counts 99 items";
                break;
            default:
                var scheme = JsonNode.Parse(entries["scheme.json"])!.AsObject();
                scheme["fields"]!.AsArray().RemoveAt(0);
                entries["scheme.json"] = Encoding.UTF8.GetBytes(scheme.ToJsonString());
                expected = "Total";
                break;
        }

        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using var stream = archive.CreateEntry(name).Open();
                stream.Write(bytes);
            }
        }

        return (buffer.ToArray(), expected);
    }
}
