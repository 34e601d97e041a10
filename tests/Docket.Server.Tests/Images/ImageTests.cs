using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using NetVips;
using Shouldly;
using Xunit;
using static Docket.Server.Tests.Infrastructure.TestImages;

namespace Docket.Server.Tests.Images;

/// <summary>Reading, downloading, renaming, turning and removing images (4001, 4002).</summary>
public sealed class ImageTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Downloads_give_the_original_bytes_the_page_and_a_thumbnail()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var tiff = Tiff(2, 400, 300);
        var second = (await tenant.Admin.UploadAddingAsync(project, ("scan.tif", tiff, "image/tiff"))).Added().Single(i => i.GetProperty("pageNumber").GetInt32() == 2);
        var id = second.GetProperty("id").GetString();

        using var original = await tenant.Admin.GetAsync($"/api/v1/images/{id}/original", Cancellation);
        (await original.Content.ReadAsByteArrayAsync(Cancellation)).ShouldBe(tiff);
        original.Content.Headers.ContentType!.MediaType.ShouldBe("image/tiff");

        using var page = await tenant.Admin.GetAsync($"/api/v1/images/{id}/page", Cancellation);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        using var pageImage = Image.NewFromBuffer(await page.Content.ReadAsByteArrayAsync(Cancellation));
        (pageImage.Width, pageImage.Height).ShouldBe((400, 300));

        using var thumbnail = await tenant.Admin.GetAsync($"/api/v1/images/{id}/thumbnail", Cancellation);
        using var thumb = Image.NewFromBuffer(await thumbnail.Content.ReadAsByteArrayAsync(Cancellation));
        (thumb.Width, thumb.Height).ShouldBe((256, 192));
    }

    [Fact]
    public async Task Renaming_and_turning_records_4001_and_needs_the_current_ETag()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var image = (await tenant.Admin.UploadAddingAsync(project, ("a.png", Png(300, 100), "image/png"))).Added().Single();
        var id = image.GetProperty("id").GetString();
        var etag = image.GetProperty("eTag").GetString()!;

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/images/{id}") { Content = JsonContent.Create(new { name = "x" }) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"00000000000000000000000000000000\""));
        await (await tenant.Admin.SendAsync(stale, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);

        using var update = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/images/{id}") { Content = JsonContent.Create(new { name = "Накладная 1", rotation = 90 }) };
        update.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        using var updated = await tenant.Admin.SendAsync(update, Cancellation);
        updated.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await updated.ReadJsonAsync();
        body.GetProperty("name").GetString().ShouldBe("Накладная 1");
        body.GetProperty("rotation").GetInt32().ShouldBe(90);
        body.GetProperty("eTag").GetString().ShouldNotBe(etag);

        // The thumbnail is shown upright: turned a quarter, 256x85 becomes 85x256.
        using var thumbnail = await tenant.Admin.GetAsync($"/api/v1/images/{id}/thumbnail", Cancellation);
        using var thumb = Image.NewFromBuffer(await thumbnail.Content.ReadAsByteArrayAsync(Cancellation));
        (thumb.Width, thumb.Height).ShouldBe((85, 256));

        var events = await tenant.Admin.EventsAsync($"codes=4001&projectId={project}");
        events.Single().GetProperty("entityId").GetString().ShouldBe(id);
        events.Single().GetProperty("text").GetString().ShouldBe("Накладная 1");
    }

    [Theory]
    [InlineData(45)]
    [InlineData(-90)]
    [InlineData(360)]
    public async Task A_rotation_other_than_quarter_turns_is_invalid(int rotation)
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var id = (await tenant.Admin.UploadAddingAsync(project, ("a.png", Png(), "image/png"))).Added().Single().GetProperty("id").GetString();

        using var response = await tenant.Admin.PutAsJsonAsync($"/api/v1/images/{id}", new { rotation }, Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("rotation", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Removing_an_image_records_4002_and_it_is_gone()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var id = (await tenant.Admin.UploadAddingAsync(project, ("a.png", Png(), "image/png"))).Added().Single().GetProperty("id").GetString();

        (await tenant.Admin.DeleteAsync($"/api/v1/images/{id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await (await tenant.Admin.GetAsync($"/api/v1/images/{id}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await tenant.Admin.EventsAsync($"codes=4002&projectId={project}")).Single().GetProperty("entityId").GetString().ShouldBe(id);
    }

    [Fact]
    public async Task The_list_pages_and_filters_by_name_content_and_upload()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var first = await tenant.Admin.UploadAddingAsync(project, ("Счёт-1.png", Png(), "image/png"), ("other.jpg", Jpeg(), "image/jpeg"));
        await tenant.Admin.UploadAddingAsync(project, ("СЧЁТ-2.png", Png(), "image/png"));

        var byName = await ListAsync(tenant, $"/api/v1/projects/{project}/images?search=счёт");
        byName.GetProperty("items").GetArrayLength().ShouldBe(2);
        var byUpload = await ListAsync(tenant, $"/api/v1/projects/{project}/images?operationKey={first.GetProperty("operationKey").GetString()}");
        byUpload.GetProperty("items").GetArrayLength().ShouldBe(2);
        var byType = await ListAsync(tenant, $"/api/v1/projects/{project}/images?contentType=image/jpeg");
        byType.GetProperty("items").EnumerateArray().Single().GetProperty("name").GetString().ShouldBe("other.jpg");

        var page1 = await ListAsync(tenant, $"/api/v1/projects/{project}/images?limit=2");
        page1.GetProperty("items").GetArrayLength().ShouldBe(2);
        var page2 = await ListAsync(tenant, $"/api/v1/projects/{project}/images?limit=2&cursor={page1.GetProperty("nextCursor").GetString()}");
        page2.GetProperty("items").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task A_project_with_images_cannot_be_removed_until_they_are()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var id = (await tenant.Admin.UploadAddingAsync(project, ("a.png", Png(), "image/png"))).Added().Single().GetProperty("id").GetString();

        await (await tenant.Admin.DeleteAsync($"/api/v1/projects/{project}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        (await tenant.Admin.DeleteAsync($"/api/v1/images/{id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await tenant.Admin.DeleteAsync($"/api/v1/projects/{project}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Theory]
    [InlineData("../../etc/passwd", "etc_passwd")]
    [InlineData("..\\..\\boot.ini", "boot.ini")]
    [InlineData("scans/2026/\"invoice\" 1.png", "scans_2026__invoice_ 1.png")]
    [InlineData(".hidden.png", "hidden.png")]
    [InlineData("../..", "image")]
    public async Task Download_names_keep_no_path_separators_quotes_or_leading_dots(string name, string expected)
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var id = (await tenant.Admin.UploadAddingAsync(project, ("a.png", Png(), "image/png"))).Added().Single().GetProperty("id").GetString();
        (await tenant.Admin.PutAsJsonAsync($"/api/v1/images/{id}", new { name }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var original = await tenant.Admin.GetAsync($"/api/v1/images/{id}/original", Cancellation);
        using var page = await tenant.Admin.GetAsync($"/api/v1/images/{id}/page", Cancellation);

        original.StatusCode.ShouldBe(HttpStatusCode.OK);
        DownloadName(original).ShouldBe(expected);
        DownloadName(page).ShouldBe(expected + ".page1.png");
    }

    [Fact]
    public async Task Download_names_keep_unicode_readable_through_filename_star()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var id = (await tenant.Admin.UploadAddingAsync(project, ("Счёт №1.png", Png(), "image/png"))).Added().Single().GetProperty("id").GetString();

        using var original = await tenant.Admin.GetAsync($"/api/v1/images/{id}/original", Cancellation);

        var disposition = original.Content.Headers.ContentDisposition!;
        disposition.DispositionType.ShouldBe("attachment");
        disposition.FileNameStar.ShouldBe("Счёт №1.png");
        disposition.FileName!.Trim('"').ShouldAllBe(c => c < 128);
    }

    /// <summary>The name a browser saves the download under: filename* when sent, else filename.</summary>
    private static string DownloadName(HttpResponseMessage response)
    {
        var disposition = response.Content.Headers.ContentDisposition!;
        disposition.FileName!.Trim('"').ShouldNotContain('/');
        disposition.FileName!.Trim('"').ShouldNotContain('\\');
        return disposition.FileNameStar ?? disposition.FileName!.Trim('"');
    }

    private static async Task<JsonElement> ListAsync(TestTenant tenant, string url)
    {
        using var response = await tenant.Admin.GetAsync(url, Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
