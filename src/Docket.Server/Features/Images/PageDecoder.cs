using Docket.Server.Common;
using Docket.Server.Storage.Blobs;
using Microsoft.Extensions.Options;
using NetVips;

namespace Docket.Server.Features.Images;

/// <summary>
/// Turns a kept original into pages with libvips: checks each page's size from its header before decoding it,
/// decodes it fully (so a truncated or corrupt file is refused now, not when a model trains on it), keeps TIFF
/// pages as PNGs, and makes a thumbnail. PDFs are rendered by <see cref="PdfRasterizer"/> first.
/// </summary>
public sealed class PageDecoder(IBlobStore blobs, PdfRasterizer pdf, IOptions<ImageDataOptions> options)
{
    // libvips reports a resolution of 1 pixel/mm when a file has none.
    private const double UnknownResolution = 1.0;
    private const double MillimetresPerInch = 25.4;

    static PageDecoder()
    {
        // Flat memory matters more than re-using decoded images: every upload is decoded once.
        Cache.Max = 0;
        Cache.MaxFiles = 0;
        // libvips prints warnings about corrupt files to stderr; the refusal reason already says it.
        Log.SetLogHandler("VIPS", Enums.LogLevelFlags.Warning, (_, _, _) => { });
        // An upload decodes one file per core side by side (ImageUpload), and a page's load and thumbnail gain little
        // from libvips's own pool (one thread per core per image by default), which would only oversubscribe them.
        // VIPS_CONCURRENCY, when set, is the operator's choice and stays.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("VIPS_CONCURRENCY")))
        {
            global::NetVips.NetVips.Concurrency = 1;
        }
    }

    /// <summary>How many files an upload decodes side by side: one per core, libvips working on each with one thread.</summary>
    public static int Parallelism => Environment.ProcessorCount;

    public async Task<PageDecoding> DecodeAsync(string originalBlob, ImageFormat format, CancellationToken cancellationToken)
    {
        var path = blobs.PathOf(originalBlob) ?? throw new InvalidOperationException("The original was not kept.");
        try
        {
            return format switch
            {
                ImageFormat.Png or ImageFormat.Jpeg => await DecodeSingleAsync(path, originalBlob, ImageFormats.ContentType(format), cancellationToken),
                ImageFormat.Tiff => await DecodeTiffAsync(path, cancellationToken),
                ImageFormat.Pdf => await DecodePdfAsync(path, cancellationToken),
                _ => PageDecoding.Refused("is not an image this server reads (PNG, JPEG, TIFF or PDF)."),
            };
        }
        catch (VipsException)
        {
            return PageDecoding.Refused($"is a corrupt or truncated {format.ToString().ToUpperInvariant()} file.");
        }
    }

    private async Task<PageDecoding> DecodeSingleAsync(string path, string blob, string contentType, CancellationToken cancellationToken)
    {
        using var image = Load(path, page: null);
        if (TooLarge(image) is { } refusal)
        {
            return PageDecoding.Refused(refusal);
        }

        var thumbnail = await ThumbnailAsync(image, cancellationToken);
        return new PageDecoding([Page(1, 1, blob, contentType, thumbnail, image)], null);
    }

    private async Task<PageDecoding> DecodeTiffAsync(string path, CancellationToken cancellationToken)
    {
        int count;
        using (var first = Load(path, page: null))
        {
            count = first.Contains("n-pages") ? (int)first.Get("n-pages") : 1;
        }

        if (count > options.Value.MaxPages)
        {
            return PageDecoding.Refused($"has {count} pages; at most {options.Value.MaxPages} are taken from one file.");
        }

        var pages = new List<DecodedPage>(count);
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var image = Load(path, page: i);
            if (TooLarge(image) is { } refusal)
            {
                return PageDecoding.Refused($"page {i + 1} {refusal}");
            }

            // Kept as PNG: lossless, and one format every engine reads, whatever compression the TIFF used.
            await using var writer = blobs.Create();
            image.WriteToStream(writer, ".png");
            var page = await writer.CommitAsync(cancellationToken);
            // A sequential image is read once; the thumbnail reads the PNG just kept.
            using var kept = Load(blobs.PathOf(page.Key)!, page: null);
            var thumbnail = await ThumbnailAsync(kept, cancellationToken);
            pages.Add(Page(i + 1, count, page.Key, "image/png", thumbnail, image) with { DpiX = Dpi(image.Xres), DpiY = Dpi(image.Yres) });
        }

        return new PageDecoding(pages, null);
    }

    private async Task<PageDecoding> DecodePdfAsync(string path, CancellationToken cancellationToken)
    {
        var rendering = await pdf.RenderAsync(path, cancellationToken);
        if (rendering.Refusal is not null)
        {
            return PageDecoding.Refused(rendering.Refusal);
        }

        try
        {
            var pages = new List<DecodedPage>(rendering.Files.Count);
            for (var i = 0; i < rendering.Files.Count; i++)
            {
                await using var file = File.OpenRead(rendering.Files[i]);
                var page = await blobs.PutAsync(file, cancellationToken);
                using var image = Load(blobs.PathOf(page.Key)!, page: null);
                var thumbnail = await ThumbnailAsync(image, cancellationToken);
                var decoded = Page(i + 1, rendering.Files.Count, page.Key, "image/png", thumbnail, image);
                // pdftoppm writes no resolution into its PNGs; the page was rendered at the configured one.
                pages.Add(decoded with { DpiX = options.Value.PdfDpi, DpiY = options.Value.PdfDpi });
            }

            return new PageDecoding(pages, null);
        }
        finally
        {
            rendering.Delete();
        }
    }

    private static Image Load(string path, int? page) =>
        Image.NewFromFile(path, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error,
            kwargs: page is { } p ? new VOption { { "page", p } } : null);

    private string? TooLarge(Image image)
    {
        var pixels = (long)image.Width * image.Height;
        return pixels > options.Value.MaxPixels
            ? $"is {image.Width}×{image.Height} pixels; at most {options.Value.MaxPixels} pixels are accepted per page."
            : null;
    }

    /// <summary>Decodes the whole page on the way (a corrupt file fails here) and keeps a small PNG of it.</summary>
    private async Task<string> ThumbnailAsync(Image image, CancellationToken cancellationToken)
    {
        using var thumbnail = image.ThumbnailImage(options.Value.ThumbnailSize, height: options.Value.ThumbnailSize);
        await using var writer = blobs.Create();
        thumbnail.WriteToStream(writer, ".png");
        return (await writer.CommitAsync(cancellationToken)).Key;
    }

    private static DecodedPage Page(int number, int count, string blob, string contentType, string thumbnail, Image image) =>
        new(number, count, blob, contentType, thumbnail, image.Width, image.Height, Dpi(image.Xres), Dpi(image.Yres));

    private static double? Dpi(double pixelsPerMillimetre) =>
        Math.Abs(pixelsPerMillimetre - UnknownResolution) < 1e-9 || pixelsPerMillimetre <= 0
            ? null
            : Math.Round(pixelsPerMillimetre * MillimetresPerInch, 2);
}
