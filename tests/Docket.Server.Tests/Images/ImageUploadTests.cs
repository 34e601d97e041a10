using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;
using static Docket.Server.Tests.Infrastructure.TestImages;
using Docket.Server.Common;

namespace Docket.Server.Tests.Images;

/// <summary>Uploading images end to end: formats, pages, archives, refusals and their events (4000, 4003, 4004).</summary>
public sealed class ImageUploadTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Png_jpeg_tiff_and_pdf_become_pages_with_their_measures_and_4000_events()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var png = Png(120, 80, dpi: 300);

        var report = await tenant.Admin.UploadAddingAsync(project,
            ("scan.png", png, "image/png"), ("photo.jpg", Jpeg(64, 48), "image/jpeg"), ("fax.tif", Tiff(3, 100, 60), "image/tiff"), ("letter.pdf", Pdf(2, 144, 72), "application/pdf"));

        var added = report.Added();
        added.Length.ShouldBe(1 + 1 + 3 + 2);
        var scan = added.Single(i => i.GetProperty("name").GetString() == "scan.png");
        scan.GetProperty("width").GetInt32().ShouldBe(120);
        scan.GetProperty("height").GetInt32().ShouldBe(80);
        scan.GetProperty("dpiX").GetDouble().ShouldBe(300, tolerance: 0.5);
        scan.GetProperty("contentType").GetString().ShouldBe("image/png");
        scan.GetProperty("size").GetInt64().ShouldBe(png.Length);
        scan.GetProperty("sha256").GetString().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(png)));
        var fax = added.Where(i => i.GetProperty("name").GetString() == "fax.tif").ToArray();
        fax.Select(i => i.GetProperty("pageNumber").GetInt32()).Order().ShouldBe([1, 2, 3]);
        fax.ShouldAllBe(i => i.GetProperty("pageCount").GetInt32() == 3 && i.GetProperty("height").GetInt32() == 60 && i.GetProperty("pageContentType").GetString() == "image/png");
        var letter = added.Where(i => i.GetProperty("name").GetString() == "letter.pdf").ToArray();
        letter.Length.ShouldBe(2);
        // 144 x 72 points at the default 200 dpi.
        letter.ShouldAllBe(i => i.GetProperty("width").GetInt32() == 400 && i.GetProperty("height").GetInt32() == 200 && i.GetProperty("dpiX").GetDouble() == 200);

        var operation = report.GetProperty("operationKey").GetString();
        var events = await tenant.Admin.EventsAsync($"operationKey={operation}&limit=100");
        events.Count(e => e.GetProperty("code").GetInt32() == 4000).ShouldBe(7);
        events.Where(e => e.GetProperty("code").GetInt32() == 4000).Select(e => e.GetProperty("entityId").GetString())
            .Order().ShouldBe(added.Select(i => i.GetProperty("id").GetString()).Order());
        events.ShouldAllBe(e => e.GetProperty("projectId").GetString() == project.ToString());
    }

    [Fact]
    public async Task A_zip_is_opened_and_every_entry_it_refuses_is_recorded_with_its_reason()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var good = Png();
        var truncated = Png()[..200];
        var archive = Zip(
            Entry("invoices/ok.png", good),
            Entry("../escape.png", Png()),
            Entry("/etc/absolute.png", Png()),
            ("link.png", Encoding.UTF8.GetBytes("/etc/passwd"), true),
            Entry("nested.zip", Zip(Entry("inner.png", Png()))),
            Entry("notes.txt", Encoding.UTF8.GetBytes("not an image")),
            Entry("empty.png", []),
            Entry("broken.png", truncated),
            Entry("счёт №7 請求書.jpg", Jpeg()));

        var report = await tenant.Admin.UploadAddingAsync(project, ("batch.zip", archive, "application/zip"));

        report.Added().Select(i => i.GetProperty("name").GetString()).Order()
            .ShouldBe(["batch.zip/invoices/ok.png", "batch.zip/счёт №7 請求書.jpg"]);
        var refused = report.GetProperty("refused").EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("reason").GetString()!);
        refused.Count.ShouldBe(7);
        refused["batch.zip/../escape.png"].ShouldContain("zip-slip");
        refused["batch.zip//etc/absolute.png"].ShouldContain("absolute");
        refused["batch.zip/link.png"].ShouldContain("symbolic link");
        refused["batch.zip/nested.zip"].ShouldContain("nested");
        refused["batch.zip/notes.txt"].ShouldContain("not an image");
        refused["batch.zip/empty.png"].ShouldContain("empty");
        refused["batch.zip/broken.png"].ShouldContain("corrupt");

        var events = await tenant.Admin.EventsAsync($"operationKey={report.GetProperty("operationKey").GetString()}&limit=100");
        events.Count(e => e.GetProperty("code").GetInt32() == 4003).ShouldBe(1);
        events.Count(e => e.GetProperty("code").GetInt32() == 4000).ShouldBe(2);
        var refusals = events.Where(e => e.GetProperty("code").GetInt32() == 4004).ToArray();
        refusals.Length.ShouldBe(7);
        refusals.ShouldContain(e => e.GetProperty("text").GetString()!.Contains("zip-slip", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_content_twice_is_recognized_and_nothing_is_added_again()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var png = Png();
        var first = await tenant.Admin.UploadAddingAsync(project, ("a.png", png, "image/png"));

        using var again = await tenant.Admin.UploadAsync(project, ("renamed-copy.png", png, "image/png"));

        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        var report = await again.ReadJsonAsync();
        report.Added().ShouldBeEmpty();
        var duplicate = report.GetProperty("duplicates").EnumerateArray().Single();
        duplicate.GetProperty("existingImageIds").EnumerateArray().Single().GetString().ShouldBe(first.Added()[0].GetProperty("id").GetString());
        (await ListAsync(tenant, project)).Length.ShouldBe(1);
    }

    [Fact]
    public async Task A_duplicate_records_a_4004_refusal_naming_the_image_it_duplicates()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var png = Png();
        var first = await tenant.Admin.UploadAddingAsync(project, ("a.png", png, "image/png"));
        var existing = first.Added()[0].GetProperty("id").GetString();

        using var again = await tenant.Admin.UploadAsync(project, ("renamed-copy.png", png, "image/png"), ("new.png", Png(), "image/png"));

        var report = await again.ReadJsonAsync();
        report.Added().Single().GetProperty("name").GetString().ShouldBe("new.png");
        var refusal = (await tenant.Admin.EventsAsync($"operationKey={report.GetProperty("operationKey").GetString()}&codes=4004")).Single();
        refusal.GetProperty("text").GetString().ShouldBe($"renamed-copy.png: duplicate of image {existing}");
        refusal.GetProperty("projectId").GetString().ShouldBe(project.ToString());
    }

    [Fact]
    public async Task The_same_upload_sent_twice_at_once_adds_each_page_once()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var files = Enumerable.Range(0, 8).Select(i => ($"page{i}.png", Png(), (string?)"image/png")).ToArray();

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => tenant.Admin.UploadAsync(project, files)));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created || r.StatusCode == HttpStatusCode.OK);
        var listed = await ListAsync(tenant, project);
        listed.Length.ShouldBe(8);
        listed.Select(i => i.GetProperty("sha256").GetString()).Distinct().Count().ShouldBe(8);
        var events = await tenant.Admin.EventsAsync($"codes=4000&projectId={project}&limit=100");
        events.Length.ShouldBe(8);
    }

    [Fact]
    public async Task A_raw_body_is_one_file_named_by_the_query()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        using var content = new ByteArrayContent(Jpeg());
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");

        using var response = await tenant.Admin.PostAsync($"/api/v1/projects/{project}/images?name={Uri.EscapeDataString("квитанция.jpg")}", content, Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await response.ReadJsonAsync()).Added().Single().GetProperty("name").GetString().ShouldBe("квитанция.jpg");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    public async Task A_raw_body_with_no_or_a_wrong_content_type_gets_problem_details_naming_the_accepted_types(string? contentType)
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        using var content = new ByteArrayContent(Png());
        content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);

        using var response = await tenant.Admin.PostAsync($"/api/v1/projects/{project}/images?name=scan.png", content, Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        var detail = problem.GetProperty("detail").GetString()!;
        detail.ShouldContain(contentType ?? "no Content-Type");
        foreach (var accepted in new[] { "multipart/form-data", "application/zip", "image/png", "image/jpeg", "image/tiff", "application/pdf" })
        {
            detail.ShouldContain(accepted);
        }

        problem.GetProperty("acceptedTypes").EnumerateArray().Select(t => t.GetString()).ShouldContain("image/png");
        (await ListAsync(tenant, project)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Pages_of_multi_page_files_list_in_page_order()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();

        await tenant.Admin.UploadAddingAsync(project, ("a.tif", Tiff(7), "image/tiff"), ("b.tif", Tiff(6), "image/tiff"), ("c.pdf", Pdf(5), "application/pdf"));

        // Pages of one upload share a millisecond: only the ids' order can keep them in page order.
        var listed = (await ListAsync(tenant, project)).Select(i => (Name: i.GetProperty("name").GetString(), Page: i.GetProperty("pageNumber").GetInt32())).ToArray();
        listed.ShouldBe([.. Enumerable.Range(1, 7).Select(p => ("a.tif", p)), .. Enumerable.Range(1, 6).Select(p => ("b.tif", p)), .. Enumerable.Range(1, 5).Select(p => ("c.pdf", p))]);
        var paged = new List<int>();
        string? cursor = null;
        do
        {
            var page = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/images?limit=2&search=a.tif{(cursor is null ? "" : "&cursor=" + cursor)}", Cancellation);
            paged.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("pageNumber").GetInt32()));
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        paged.ShouldBe([1, 2, 3, 4, 5, 6, 7]);
    }

    [Fact]
    public async Task A_file_whose_declared_type_contradicts_its_bytes_is_refused_with_4004()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();

        using var response = await tenant.Admin.UploadAsync(project, ("fake.png", Jpeg(), "image/png"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("detail").GetString()!.ShouldContain("declared as image/png but its content is image/jpeg");
        var events = await tenant.Admin.EventsAsync($"codes=4004&projectId={project}");
        events.Single().GetProperty("text").GetString()!.ShouldStartWith("fake.png:");
        (await ListAsync(tenant, project)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("notes.txt", "plain text, not an image", "not an image")]
    [InlineData("data.gz", null, "does not open")]
    public async Task Files_that_are_not_images_are_refused(string name, string? text, string reason)
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var bytes = text is null ? Gzip(Png()) : Encoding.UTF8.GetBytes(text);

        using var response = await tenant.Admin.UploadAsync(project, (name, bytes, null));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("refused").EnumerateArray().Single().GetProperty("reason").GetString()!.ShouldContain(reason);
    }

    [Fact]
    public async Task A_multipart_body_cut_short_keeps_the_whole_files_before_the_break()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var second = Png();
        using var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.ASCII.GetBytes(text));
        Write("--cut\r\nContent-Disposition: form-data; name=\"files\"; filename=\"whole.png\"\r\nContent-Type: image/png\r\n\r\n");
        body.Write(Png());
        Write("\r\n--cut\r\nContent-Disposition: form-data; name=\"files\"; filename=\"half.png\"\r\nContent-Type: image/png\r\n\r\n");
        body.Write(second.AsSpan(0, second.Length / 2));
        using var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=cut");

        using var response = await tenant.Admin.PostAsync($"/api/v1/projects/{project}/images", content, Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var report = await response.ReadJsonAsync();
        report.Added().Single().GetProperty("name").GetString().ShouldBe("whole.png");
        report.GetProperty("refused").EnumerateArray().Single().GetProperty("reason").GetString()!.ShouldContain("cut short");
        (await ListAsync(tenant, project)).Length.ShouldBe(1);
    }

    [Fact]
    public async Task An_empty_body_is_a_bad_request()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        using var content = new ByteArrayContent([]);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");

        using var response = await tenant.Admin.PostAsync($"/api/v1/projects/{project}/images", content, Cancellation);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_corrupt_or_truncated_zip_is_refused_whole_and_recorded()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var archive = Zip(Entry("a.png", Png()), Entry("b.png", Png()));

        using var response = await tenant.Admin.UploadAsync(project, ("cut.zip", archive[..(archive.Length - 30)], "application/zip"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("detail").GetString()!.ShouldContain("not a readable zip");
        var events = await tenant.Admin.EventsAsync($"projectId={project}&codes=4003,4004");
        events.Select(e => e.GetProperty("code").GetInt32()).Order().ShouldBe([4003, 4004]);
        (await ListAsync(tenant, project)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_zip_entry_that_inflates_far_beyond_its_size_is_refused_as_a_bomb()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var archive = Zip(Entry("zeros.png", new byte[20 * 1024 * 1024]), Entry("ok.png", Png()));

        var report = await tenant.Admin.UploadAddingAsync(project, ("bomb.zip", archive, "application/zip"));

        report.Added().Length.ShouldBe(1);
        report.GetProperty("refused").EnumerateArray().Single().GetProperty("reason").GetString()!.ShouldContain("decompression bomb");
    }

    [Fact]
    public async Task A_zip_entry_compressed_with_a_method_the_server_does_not_read_is_refused_alone()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var archive = Zip(Entry("lzma.png", Png()), Entry("ok.png", Png()));
        // Mark the first entry as LZMA (method 14) in its local header and in the central directory.
        archive[8] = 14;
        var central = archive.AsSpan().IndexOf("PK\u0001\u0002"u8);
        archive[central + 10] = 14;

        var report = await tenant.Admin.UploadAddingAsync(project, ("methods.zip", archive, "application/zip"));

        report.Added().Single().GetProperty("name").GetString().ShouldBe("methods.zip/ok.png");
        report.GetProperty("refused").EnumerateArray().Single().GetProperty("reason").GetString()!.ShouldContain("compressed with a method");
    }

    [Fact]
    public async Task A_zip_entry_whose_crc_does_not_match_its_bytes_is_refused_alone_with_4004()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var archive = HostileZips.WithWrongCrc(Zip(Entry("damaged.png", Png()), Entry("ok.png", Png())), "damaged.png");

        var report = await tenant.Admin.UploadAddingAsync(project, ("crc.zip", archive, "application/zip"));

        report.Added().Single().GetProperty("name").GetString().ShouldBe("crc.zip/ok.png");
        var refusal = report.GetProperty("refused").EnumerateArray().Single();
        refusal.GetProperty("name").GetString().ShouldBe("crc.zip/damaged.png");
        refusal.GetProperty("reason").GetString()!.ShouldContain("CRC-32");
        var events = await tenant.Admin.EventsAsync($"operationKey={report.GetProperty("operationKey").GetString()}&codes=4004");
        events.Single().GetProperty("text").GetString()!.ShouldContain("CRC-32");
        (await ListAsync(tenant, project)).Single().GetProperty("name").GetString().ShouldBe("crc.zip/ok.png");
    }

    [Fact]
    public async Task A_zip_entry_that_inflates_past_its_declared_size_is_refused_not_cut_short()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var png = Png();
        // The declared size and CRC-32 describe the first half exactly: only the bytes past the size give it away.
        var archive = HostileZips.WithShortDeclaredLength(Zip(Entry("long.png", png), Entry("ok.png", Png())), "long.png", png, png.Length / 2);

        var report = await tenant.Admin.UploadAddingAsync(project, ("sizes.zip", archive, "application/zip"));

        report.Added().Single().GetProperty("name").GetString().ShouldBe("sizes.zip/ok.png");
        var refusal = report.GetProperty("refused").EnumerateArray().Single();
        refusal.GetProperty("name").GetString().ShouldBe("sizes.zip/long.png");
        refusal.GetProperty("reason").GetString()!.ShouldContain($"more than the {png.Length / 2} bytes the archive declares");
        (await tenant.Admin.EventsAsync($"operationKey={report.GetProperty("operationKey").GetString()}&codes=4004")).Length.ShouldBe(1);
    }

    [Fact]
    public async Task An_image_of_absurd_pixel_size_is_refused_from_its_header()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();

        using var response = await tenant.Admin.UploadAsync(project, ("huge.png", PngClaiming(100_000, 100_000), "image/png"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("detail").GetString()!.ShouldContain("100000×100000 pixels");
    }

    [Fact]
    public async Task An_upload_to_a_project_of_another_tenant_or_no_project_is_not_found()
    {
        var tenant = await server.CreateTenantAsync();

        using var response = await tenant.Admin.UploadAsync(Guid.NewGuid(), ("a.png", Png(), "image/png"));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return buffer.ToArray();
    }

    private static async Task<JsonElement[]> ListAsync(TestTenant tenant, Guid project) =>
        [.. (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/images?limit=500", Cancellation)).GetProperty("items").EnumerateArray()];
}
