using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Http.Headers;
using System.Net;
using System.Text.Json.Serialization;
using System.Text.Json;
using System.Text;
using Docket.Contracts.DataSets.Archive;
using Docket.Server.Features.DataSets;
using Docket.Server.Storage;
using Docket.Server.Tests.Infrastructure;
using Docket.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.DataSets;

/// <summary>
/// The content hash of archive format 2 is RFC 8785 over what docs/dataset-format.md names, so an implementation that
/// shares no code with Docket (the npm package `canonicalize`, tools/jcs) gives the same bytes and the same hash; the
/// archive's JSON is readable UTF-8; format 1 archives still import; a build of format 1 is not reused.
/// </summary>
public sealed class DataSetContentHashTests(DocketServer server) : IClassFixture<DocketServer>
{
    /// <summary>Cyrillic, an emoji, HTML-sensitive characters, a quote, a backslash and controls: what .NET's default encoder escapes.</summary>
    private const string Tricky = "Счёт № 5 — 😀 &<>+\"' \\ \u0001\u2028\t";

    /// <summary>What format 1's writer serialized with: the web defaults, nulls left out, enums by name, the default encoder.</summary>
    private static readonly JsonSerializerOptions FormatOneJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly JsonSerializerOptions FormatOneIndented = new(FormatOneJson) { WriteIndented = true };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Docket_and_an_independent_RFC_8785_implementation_give_the_same_canonical_bytes()
    {
        string[] inputs =
        [
            """{"b":"Счёт","a":"Итого","я":1,"z":2,"Z":3,"":4}""",
            """{"value":"😀 &<>+\"'\\/ \u2028\u2029\u007f","\ud83d\ude00":"emoji key","\ufb33":"after the emoji in UTF-16 order","\u00f6":"ö"}""",
            """["\u0000\u0001\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u001e\u001f"]""",
            """[0,-0,1,-1,0.1,1.5,-2.25,1e20,1e21,1e-6,1e-7,123456789012345678901,9007199254740993,5e-324,1.7976931348623157e308,333333333.33333329,4.50,2e-3,1E30]""",
            """{"nested":{"b":[{"y":1,"x":[true,false,null]}],"a":{}},"empty":[],"text":"  spaces kept  "}""",
            """{"sha256":"aaaa","page":2,"part":"Train","marking":{"fields":[{"field":"Итого","value":"1 000 ₽","boxes":[{"x":1,"y":2,"width":3,"height":4}]}],"documentType":"Счёт"}}""",
        ];

        var independent = await NodeAsync("canonicalize-lines.mjs", string.Join('\n', inputs) + "\n");

        var docket = inputs.SelectMany(i => CanonicalJson.Serialize(JsonDocument.Parse(i).RootElement).Append((byte)'\n')).ToArray();
        Encoding.UTF8.GetString(docket).ShouldBe(Encoding.UTF8.GetString(independent));
        docket.ShouldBe(independent);
    }

    [Fact]
    public async Task A_format_2_archive_is_readable_UTF8_and_its_content_hash_is_recomputed_from_the_docs_recipe_by_an_independent_tool()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await server.MarkedProjectAsync(tenant, 3);
        await server.RemarkAsync(project, project.Images[0], Tricky, "Итого");
        var dataSetId = await CreateAsync(tenant, project, "Счета");

        var (_, zip) = await ArchiveAsync(tenant, dataSetId);

        var entries = ForgedArchives.Entries(zip);
        var items = Encoding.UTF8.GetString(entries[DataSetArchiveFormat.ItemsEntry]);
        items.ShouldContain("Итого");
        items.ShouldContain("Счёт № 5 — ");
        items.ShouldContain("&<>+");
        items.ShouldNotContain("\\u04", Case.Insensitive);
        Encoding.UTF8.GetString(entries[DataSetArchiveFormat.SchemeEntry]).ShouldContain("\"Итого\"");
        var manifest = JsonSerializer.Deserialize<DataSetArchiveFormat.Manifest>(entries[DataSetArchiveFormat.ManifestEntry], DataSetArchiveFormat.Json)!;
        manifest.FormatVersion.ShouldBe(2);
        Encoding.UTF8.GetString(entries[DataSetArchiveFormat.ManifestEntry]).ShouldContain("\"Счета\"");

        var path = Path.Combine(Path.GetTempPath(), $"docket-items-{Guid.NewGuid():N}.ndjson");
        await File.WriteAllBytesAsync(path, entries[DataSetArchiveFormat.ItemsEntry], Cancellation);
        try
        {
            var recomputed = Encoding.UTF8.GetString(await NodeAsync("content-hash.mjs", null, path)).Trim();

            recomputed.ShouldBe(manifest.DataSet.ContentHash);
            recomputed.ShouldBe(await ContentHashAsync(tenant, dataSetId));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_format_1_archive_still_imports_checked_by_format_1s_recipe()
    {
        var tenant = await server.CreateTenantAsync();
        var (dataSet, archive) = await DataSetImportTests.ArchivedDataSetAsync(tenant);
        var (old, oldHash) = FormatOne(archive);
        Encoding.UTF8.GetString(ForgedArchives.Entries(old)[DataSetArchiveFormat.ItemsEntry]).ShouldContain("\\u0422\\u043E\\u0432\\u0430\\u0440");

        using var imported = await ImportAsync(tenant, old);

        var body = await imported.Content.ReadAsStringAsync(Cancellation);
        imported.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        // The new version holds the current recipe's hash: the same as the dataset it came from.
        var version = JsonDocument.Parse(body).RootElement.GetProperty("currentVersion");
        version.GetProperty("contentHash").GetString().ShouldBe(dataSet.GetProperty("currentVersion").GetProperty("contentHash").GetString());
        version.GetProperty("contentHash").GetString().ShouldNotBe(oldHash);

        // A format 1 manifest with a format 2 hash does not pass: each version is checked by its own recipe.
        var (mixed, _) = FormatOne(archive, hash: dataSet.GetProperty("currentVersion").GetProperty("contentHash").GetString());
        using var refused = await ImportAsync(tenant, mixed);
        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("detail").GetString()!.ShouldContain("content hash");
    }

    [Fact]
    public async Task A_ready_archive_of_format_1_is_not_reused_and_the_new_build_gives_the_version_the_format_2_hash()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await server.MarkedProjectAsync(tenant, 3);
        var dataSetId = await CreateAsync(tenant, project, "Before the upgrade");
        var (first, zip) = await ArchiveAsync(tenant, dataSetId);
        var currentHash = await ContentHashAsync(tenant, dataSetId);
        var (_, oldHash) = FormatOne(zip);

        // As a server before format 2 left it: a format 1 archive, and the version's hash by format 1's recipe.
        await using (var scope = server.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
            var archive = await db.DataSetArchives.SingleAsync(a => a.DataSetId == dataSetId, Cancellation);
            archive.FormatVersion = 1;
            var version = await db.DataSetVersions.SingleAsync(v => v.DataSetId == dataSetId, Cancellation);
            version.ContentHash = oldHash;
            await db.SaveChangesAsync(Cancellation);
        }

        (await ContentHashAsync(tenant, dataSetId)).ShouldBe(oldHash);

        var (second, rebuilt) = await ArchiveAsync(tenant, dataSetId);

        second.ShouldNotBe(first);
        var manifest = JsonSerializer.Deserialize<DataSetArchiveFormat.Manifest>(ForgedArchives.Entries(rebuilt)[DataSetArchiveFormat.ManifestEntry], DataSetArchiveFormat.Json)!;
        (manifest.FormatVersion, manifest.DataSet.ContentHash).ShouldBe((2, currentHash));
        (await ContentHashAsync(tenant, dataSetId)).ShouldBe(currentHash);
        var (third, _) = await ArchiveAsync(tenant, dataSetId);
        third.ShouldBe(second);
    }

    /// <summary>The archive as format 1 wrote it: the serializer's default escaping, and the manifest's hash by format 1's recipe (or <paramref name="hash"/>).</summary>
    private static (byte[] Zip, string Hash) FormatOne(byte[] zip, string? hash = null)
    {
        var entries = ForgedArchives.Entries(zip);
        var lines = new StringBuilder();
        using var hasher = new DataSetContentHasher(formatVersion: 1);
        foreach (var item in ForgedArchives.Items(entries))
        {
            lines.Append(JsonSerializer.Serialize(item, FormatOneJson)).Append('\n');
            hasher.Append(item.Sha256, item.Page, item.Part, item.Marking);
        }

        var oldHash = hasher.Finish();
        var manifest = JsonSerializer.Deserialize<DataSetArchiveFormat.Manifest>(entries[DataSetArchiveFormat.ManifestEntry], DataSetArchiveFormat.Json)!;
        manifest = manifest with { FormatVersion = 1, DataSet = manifest.DataSet with { ContentHash = hash ?? oldHash } };
        var scheme = JsonSerializer.Deserialize<DataSetArchiveFormat.Scheme>(entries[DataSetArchiveFormat.SchemeEntry], DataSetArchiveFormat.Json)!;
        entries[DataSetArchiveFormat.ManifestEntry] = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(manifest, FormatOneIndented) + "\n");
        entries[DataSetArchiveFormat.SchemeEntry] = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(scheme, FormatOneIndented) + "\n");
        entries[DataSetArchiveFormat.ItemsEntry] = Encoding.UTF8.GetBytes(lines.ToString());
        return (ForgedArchives.Zip(entries), oldHash);
    }

    private static async Task<Guid> CreateAsync(TestTenant tenant, SeededProject project, string name)
    {
        using var response = await tenant.Admin.PostAsJsonAsync($"/api/v1/projects/{project.ProjectId}/data-sets",
            new { name, schemeId = project.SchemeId, trainRatio = 0.5, seed = 7 }, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    private static async Task<string> ContentHashAsync(TestTenant tenant, Guid dataSetId) =>
        (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/data-sets/{dataSetId}", Cancellation))
            .GetProperty("currentVersion").GetProperty("contentHash").GetString()!;

    /// <summary>Asks for version 1's archive, waits until it is ready; its location and its bytes.</summary>
    private static async Task<(Uri Location, byte[] Zip)> ArchiveAsync(TestTenant tenant, Guid dataSetId)
    {
        using var requested = await tenant.Admin.PostAsync($"/api/v1/data-sets/{dataSetId}/versions/1/archives", null, Cancellation);
        requested.StatusCode.ShouldBe(HttpStatusCode.Accepted, await requested.Content.ReadAsStringAsync(Cancellation));
        var location = requested.Headers.Location!;
        var ready = await tenant.Admin.WaitForArchiveAsync(location, "Ready", "Failed", "TimedOut");
        ready.GetProperty("state").GetString().ShouldBe("Ready", ready.GetRawText());
        return (location, await tenant.Admin.GetByteArrayAsync($"{location}/content", Cancellation));
    }

    private static async Task<HttpResponseMessage> ImportAsync(TestTenant tenant, byte[] archive)
    {
        var project = await tenant.CreateProjectAsync();
        using var content = new ByteArrayContent(archive);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return await tenant.Admin.PostAsync($"/api/v1/projects/{project}/data-sets/import?name=format-1.zip", content, Cancellation);
    }

    /// <summary>Runs one of tools/jcs's scripts with Node.js; its standard output as bytes.</summary>
    private static async Task<byte[]> NodeAsync(string script, string? input, params string[] arguments)
    {
        var folder = TestEnvironment.JcsFolder;
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { Path.Combine(folder, script) },
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        using var output = new MemoryStream();
        var reading = node.StandardOutput.BaseStream.CopyToAsync(output, Cancellation);
        var errors = node.StandardError.ReadToEndAsync(Cancellation);
        if (input is not null)
        {
            await node.StandardInput.BaseStream.WriteAsync(Encoding.UTF8.GetBytes(input), Cancellation);
        }

        node.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        try
        {
            await node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            throw;
        }

        await reading;
        node.ExitCode.ShouldBe(0, await errors);
        return output.ToArray();
    }
}
