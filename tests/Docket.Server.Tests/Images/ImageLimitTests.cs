using System.Net;
using System.Net.Http.Headers;
using Docket.Server.Storage.Blobs;
using Docket.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;
using static Docket.Server.Tests.Infrastructure.TestImages;

namespace Docket.Server.Tests.Images;

/// <summary>The configurable limits of an upload, and the collection of blobs nothing refers to.</summary>
public sealed class ImageLimitTests(LimitedImageServer server) : IClassFixture<LimitedImageServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>
    /// The request announces 400,000 bytes and, with <c>Expect: 100-continue</c>, waits to be asked for them; Kestrel asks
    /// (100 Continue) only when the server first reads the body. The 413 must come without that: the client sends no
    /// byte of the body, and the server writes no blob or scratch file meanwhile.
    /// </summary>
    [Fact]
    public async Task An_upload_larger_than_MaxUploadBytes_is_refused_before_anything_is_read()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var blobFolder = Path.GetDirectoryName(Path.GetDirectoryName(server.App.Services.GetRequiredService<IBlobStore>().TempPath()))!;
        using var files = new FolderWatch(blobFolder);
        // Longer than any answer takes here, so the body goes only if the server asks for it.
        using var handler = new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(1) };
        using var client = new HttpClient(handler) { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = tenant.Admin.DefaultRequestHeaders.Authorization;
        using var body = new CountedBody(400_000);
        body.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/projects/{project}/images") { Content = body };
        request.Headers.ExpectContinue = true;

        using var response = await client.SendAsync(request, Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        problem.GetProperty("detail").GetString()!.ShouldContain("at most 300000 bytes (ImageData:MaxUploadBytes)");
        body.BytesSent.ShouldBe(0);
        (await files.CreatedAsync(Cancellation)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_zip_with_more_entries_than_allowed_is_refused_whole()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var archive = Zip([.. Enumerable.Range(0, 5).Select(i => Entry($"{i}.png", Png(20, 20)))]);

        using var response = await tenant.Admin.UploadAsync(project, ("many.zip", archive, "application/zip"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("detail").GetString()!.ShouldContain("at most 4");
    }

    [Fact]
    public async Task A_zip_whose_entries_inflate_past_the_total_budget_stops_there()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        // Noise does not compress: each entry inflates to about 43 KB, the budget is 150 KB.
        var archive = Zip([.. Enumerable.Range(0, 4).Select(i => Entry($"{i}.png", Png(120, 120)))]);
        archive.Length.ShouldBeLessThan(300_000);

        using var response = await tenant.Admin.UploadAsync(project, ("big.zip", archive, "application/zip"));

        var body = await response.ReadJsonAsync();
        var refused = body.GetProperty("refused").EnumerateArray().ToArray();
        refused.ShouldNotBeEmpty();
        refused.Last().GetProperty("reason").GetString()!.ShouldContain("in all");
    }

    [Fact]
    public async Task Pages_past_MaxPages_and_pixels_past_MaxPixels_are_refused()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();

        using var response = await tenant.Admin.UploadAsync(project,
            ("three.tif", Tiff(3, 20, 20), "image/tiff"), ("big.png", Png(300, 200), "image/png"), ("big.pdf", Pdf(1, 600, 600), "application/pdf"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        var reasons = problem.GetProperty("refused").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("reason").GetString()!);
        reasons["three.tif"].ShouldContain("has 3 pages");
        reasons["big.png"].ShouldContain("300×200 pixels");
        reasons["big.pdf"].ShouldContain("would render to");
    }

    [Fact]
    public async Task The_collector_removes_the_blobs_of_a_removed_image_and_keeps_those_in_use()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var report = await tenant.Admin.UploadAddingAsync(project, ("keep.png", Png(40, 40), "image/png"), ("drop.png", Png(40, 40), "image/png"));
        var keep = report.Added().Single(i => i.GetProperty("name").GetString() == "keep.png");
        var drop = report.Added().Single(i => i.GetProperty("name").GetString() == "drop.png");
        var store = server.App.Services.GetRequiredService<IBlobStore>();
        store.PathOf(drop.GetProperty("sha256").GetString()!).ShouldNotBeNull();

        (await tenant.Admin.DeleteAsync($"/api/v1/images/{drop.GetProperty("id").GetString()}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var collection = await server.App.Services.GetRequiredService<BlobCollector>().CollectAsync(Cancellation);

        // The original and its thumbnail.
        collection.Deleted.ShouldBeGreaterThanOrEqualTo(2);
        store.PathOf(drop.GetProperty("sha256").GetString()!).ShouldBeNull();
        store.PathOf(keep.GetProperty("sha256").GetString()!).ShouldNotBeNull();
        using var original = await tenant.Admin.GetAsync($"/api/v1/images/{keep.GetProperty("id").GetString()}/original", Cancellation);
        original.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
