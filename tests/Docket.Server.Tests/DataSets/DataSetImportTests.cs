using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Contracts.DataSets.Archive;
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
        var first = ForgedArchives.Entries(archive);
        var second = ForgedArchives.Entries(again);
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
    public async Task An_imported_image_records_4000_with_the_text_its_upload_recorded()
    {
        var source = await server.CreateTenantAsync();
        var (dataSet, archive) = await ArchivedDataSetAsync(source);
        var target = await server.CreateTenantAsync();
        var project = await target.CreateProjectAsync();

        using var response = await ImportAsync(target.Admin, project, archive);

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        var key = response.Headers.GetValues("X-Operation-Key").Single();
        var imported = (await target.Admin.EventsAsync($"operationKey={key}&codes=4000&limit=100")).Select(Text).Order(StringComparer.Ordinal).ToList();
        var uploaded = (await source.Admin.EventsAsync($"projectId={dataSet.GetProperty("projectId").GetGuid()}&codes=4000&limit=100"))
            .Select(Text).Order(StringComparer.Ordinal).ToList();
        imported.ShouldBe(uploaded);
        // The two-page TIFF is where the wording differed: an upload names the page, and so must an import.
        imported.ShouldContain("fax.tif (page 2 of 2)");

        static string Text(JsonElement e) => e.GetProperty("text").GetString()!;
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

    public static TheoryData<string> Tamperings => new() { "marking", "image", "version", "slip", "counts", "scheme", "crc", "overflow" };

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

    [Fact]
    public async Task An_archive_claiming_another_tenants_file_gets_only_its_own_page_and_learns_nothing()
    {
        var victim = await server.CreateTenantAsync();
        var uploaded = (await victim.Admin.UploadAddingAsync(await victim.CreateProjectAsync(), ("secret.png", TestImages.Png(90, 70), "image/png"))).Added().Single();
        var victimSha = uploaded.GetProperty("sha256").GetString()!;
        var attacker = await server.CreateTenantAsync();
        var (_, archive) = await ArchivedDataSetAsync(attacker);
        var item = ForgedArchives.Items(ForgedArchives.Entries(archive)).Single(i => i.Name == "a.png");
        var page = ForgedArchives.Entries(archive)[item.Image];

        var claimingHeld = await ImportClaimingAsync(attacker, archive, "a.png", victimSha);
        var claimingNothing = await ImportClaimingAsync(attacker, archive, "a.png", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));

        // The archive's own page, whatever the claim: never the other tenant's bytes.
        Sha256Of(claimingHeld.Original).ShouldNotBe(victimSha);
        Sha256Of(claimingHeld.Original).ShouldBe(Sha256Of(page));
        Sha256Of(claimingNothing.Original).ShouldBe(Sha256Of(page));

        // And the answers are the same whether some tenant holds the claimed hash or none does.
        claimingHeld.ContentType.ShouldBe(claimingNothing.ContentType);
        claimingHeld.Image.GetProperty("contentType").GetString().ShouldBe(claimingNothing.Image.GetProperty("contentType").GetString());
        claimingHeld.Image.GetProperty("size").GetInt64().ShouldBe(claimingNothing.Image.GetProperty("size").GetInt64());
        claimingHeld.Image.GetProperty("size").GetInt64().ShouldBe(page.LongLength);
    }

    [Fact]
    public async Task An_item_claiming_an_image_the_project_holds_with_another_page_is_refused()
    {
        var tenant = await server.CreateTenantAsync();
        var (dataSet, archive) = await ArchivedDataSetAsync(tenant);
        var project = dataSet.GetProperty("projectId").GetGuid();
        var items = ForgedArchives.Items(ForgedArchives.Entries(archive));
        var a = items.Single(i => i.Name == "a.png");
        // b.png's page and marking, claiming to be a.png, which the project holds: it must not be tied to a.png's image.
        var forged = ForgedArchives.Forge(archive, all => [.. all.Where(i => i.Name != "a.png").Select(i => i.Name == "b.png" ? i with { Sha256 = a.Sha256 } : i)]);

        using var response = await ImportAsync(tenant.Admin, project, forged);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("detail").GetString()!.ShouldContain("other page bytes");
        (await CountAsync(tenant, $"/api/v1/data-sets?projectId={project}")).ShouldBe(1);
    }

    [Fact]
    public async Task Names_in_an_archive_are_cleaned_and_download_without_paths_or_control_characters()
    {
        var tenant = await server.CreateTenantAsync();
        var (_, archive) = await ArchivedDataSetAsync(tenant);
        var forged = ForgedArchives.Forge(archive, all => [.. all.Select(i => i.Name == "a.png" ? i with { Name = "../../etc/passwd\r\nX-Injected: yes\u0007" } : i)]);
        var project = await tenant.CreateProjectAsync();

        using var response = await ImportAsync(tenant.Admin, project, forged);

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        var images = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/images?search=passwd", Cancellation);
        var image = images.GetProperty("items").EnumerateArray().Single();
        image.GetProperty("name").GetString()!.ShouldNotContain('\r');
        image.GetProperty("name").GetString()!.ShouldNotContain('\u0007');
        using var original = await tenant.Admin.GetAsync($"/api/v1/images/{image.GetProperty("id").GetGuid()}/original", Cancellation);
        original.StatusCode.ShouldBe(HttpStatusCode.OK);
        original.Headers.Contains("X-Injected").ShouldBeFalse();
        var disposition = original.Content.Headers.ContentDisposition!;
        foreach (var name in new[] { disposition.FileName!, disposition.FileNameStar! })
        {
            name.ShouldNotContain('/');
            name.ShouldNotContain('\\');
            name.Trim('"').ShouldNotStartWith(".");
            name.ShouldNotContain('\r');
            name.ShouldNotContain('\n');
        }
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

    /// <summary>Imports the archive into a new project with the named item claiming <paramref name="sha256"/>; what its original then serves.</summary>
    private static async Task<(byte[] Original, string? ContentType, JsonElement Image)> ImportClaimingAsync(TestTenant tenant, byte[] archive, string name, string sha256)
    {
        var forged = ForgedArchives.Forge(archive, items => [.. items.Select(i => i.Name == name ? i with { Sha256 = sha256 } : i)]);
        var project = await tenant.CreateProjectAsync();
        using var response = await ImportAsync(tenant.Admin, project, forged);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        var images = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/images?sha256={sha256}", Cancellation);
        var image = images.GetProperty("items").EnumerateArray().Single().Clone();
        using var original = await tenant.Admin.GetAsync($"/api/v1/images/{image.GetProperty("id").GetGuid()}/original", Cancellation);
        original.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await original.Content.ReadAsByteArrayAsync(Cancellation), original.Content.Headers.ContentType?.MediaType, image);
    }

    private static string Sha256Of(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static async Task<int> CountAsync(TestTenant tenant, string url) =>
        (await tenant.Admin.GetFromJsonAsync<JsonElement>(url, Cancellation)).GetProperty("items").GetArrayLength();

    private static string WithoutExportTime(byte[] manifest)
    {
        var node = JsonNode.Parse(manifest)!.AsObject();
        node.Remove("exportedAt");
        return node.ToJsonString();
    }

    /// <summary>The archive with one thing broken, and words the refusal must contain.</summary>
    private static (byte[] Archive, string Expected) Tamper(byte[] zip, string tampering)
    {
        var entries = ForgedArchives.Entries(zip);
        var firstImage = entries.Keys.Order(StringComparer.Ordinal).First(k => k.StartsWith("images/", StringComparison.Ordinal));
        switch (tampering)
        {
            // Bytes of the zip itself patched, the entries untouched: only the CRC-32 and size checks can tell.
            case "crc":
                return (HostileZips.WithWrongCrc(ForgedArchives.Zip(entries), firstImage), $"The entry '{firstImage}' is damaged: its CRC-32");
            case "overflow":
                var content = entries[firstImage];
                return (HostileZips.WithShortDeclaredLength(ForgedArchives.Zip(entries), firstImage, content, content.Length / 2),
                    $"The entry '{firstImage}' inflates to more than the {content.Length / 2} bytes the archive declares");
        }

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
                manifest["formatVersion"] = DataSetArchiveFormat.FormatVersion + 1;
                entries["manifest.json"] = Encoding.UTF8.GetBytes(manifest.ToJsonString());
                expected = $"format version {DataSetArchiveFormat.FormatVersion + 1}";
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

        return (ForgedArchives.Zip(entries), expected);
    }
}
