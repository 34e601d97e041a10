using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;
using static Docket.Server.Tests.Infrastructure.TestImages;

namespace Docket.Server.Tests.Images;

/// <summary>
/// An upload decodes several files side by side (one per core) while it reads the next: what it commits, reports and
/// records must still be what reading, decoding and committing one file at a time gave, whichever decode ends first.
/// </summary>
public sealed class ParallelDecodeTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Images_are_committed_in_upload_order_when_later_files_decode_faster()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        // Six large noise pages kept as PNGs take far longer than the small files after them, which finish first.
        (string, byte[], string?)[] files =
        [
            ("big.tif", Tiff(6, 1000, 1000), "image/tiff"),
            .. Enumerable.Range(1, 8).Select(i => ($"small-{i}.png", Png(), (string?)"image/png")),
            ("photo.jpg", Jpeg(), "image/jpeg"),
        ];
        string[] expected = [.. Enumerable.Repeat("big.tif", 6), .. Enumerable.Range(1, 8).Select(i => $"small-{i}.png"), "photo.jpg"];

        var report = await tenant.Admin.UploadAddingAsync(project, files);

        report.Added().Select(i => i.GetProperty("name").GetString()).ShouldBe(expected);
        var listed = await ListAsync(tenant, project);
        listed.Select(i => i.GetProperty("name").GetString()).ShouldBe(expected);
        listed.Take(6).Select(i => i.GetProperty("pageNumber").GetInt32()).ShouldBe([1, 2, 3, 4, 5, 6]);
        var created = (await tenant.Admin.EventsAsync($"projectId={project}&codes=4000&limit=100"))
            .OrderBy(e => e.GetProperty("sequence").GetInt64()).Select(e => e.GetProperty("entityId").GetString());
        created.ShouldBe(listed.Select(i => i.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_file_refused_while_others_decode_leaves_what_one_at_a_time_left()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var broken = Png()[..200];
        var twice = Png();

        // The broken file fails fast while the TIFF before it still decodes; the copies arrive while their first is in flight.
        var report = await tenant.Admin.UploadAddingAsync(project,
            ("big.tif", Tiff(4, 1000, 1000), "image/tiff"),
            ("broken.png", broken, "image/png"),
            ("twice.png", twice, "image/png"),
            ("twice-again.png", twice, "image/png"),
            ("broken-again.png", broken, "image/png"),
            ("last.jpg", Jpeg(), "image/jpeg"));

        report.Added().Select(i => i.GetProperty("name").GetString()).ShouldBe(["big.tif", "big.tif", "big.tif", "big.tif", "twice.png", "last.jpg"]);
        var refused = report.GetProperty("refused").EnumerateArray().ToArray();
        refused.Select(r => r.GetProperty("name").GetString()).ShouldBe(["broken.png", "broken-again.png"]);
        refused.ShouldAllBe(r => r.GetProperty("reason").GetString() == "is a corrupt or truncated PNG file.");
        var duplicate = report.GetProperty("duplicates").EnumerateArray().Single();
        duplicate.GetProperty("name").GetString().ShouldBe("twice-again.png");
        var twiceId = report.Added().Single(i => i.GetProperty("name").GetString() == "twice.png").GetProperty("id").GetString();
        duplicate.GetProperty("existingImageIds").EnumerateArray().Single().GetString().ShouldBe(twiceId);

        (await ListAsync(tenant, project)).Select(i => i.GetProperty("name").GetString()).ShouldBe(["big.tif", "big.tif", "big.tif", "big.tif", "twice.png", "last.jpg"]);
        var refusals = (await tenant.Admin.EventsAsync($"projectId={project}&codes=4004&limit=100"))
            .OrderBy(e => e.GetProperty("sequence").GetInt64()).Select(e => e.GetProperty("text").GetString()!.Split(':')[0]);
        refusals.ShouldBe(["broken.png", "twice-again.png", "broken-again.png"]);
    }

    private static async Task<JsonElement[]> ListAsync(TestTenant tenant, Guid project) =>
        [.. (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/images?limit=500", Cancellation)).GetProperty("items").EnumerateArray()];
}
