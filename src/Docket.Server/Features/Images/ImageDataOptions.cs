using System.ComponentModel.DataAnnotations;
using Docket.Archives;

namespace Docket.Server.Features.Images;

/// <summary>The <c>ImageData</c> section: what an upload may be, and how PDF pages and thumbnails are made.</summary>
public sealed class ImageDataOptions
{
    public const string Section = "ImageData";

    /// <summary>Largest request body an upload may send (all files, or the archive).</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Largest page in pixels (width × height); bigger ones are refused from their header, before decoding.</summary>
    [Range(1, long.MaxValue)]
    public long MaxPixels { get; set; } = 150_000_000;

    /// <summary>Most pages taken from one TIFF or PDF.</summary>
    [Range(1, 100_000)]
    public int MaxPages { get; set; } = 500;

    /// <summary>Resolution PDF pages are rendered at (pdftoppm -r).</summary>
    [Range(36, 1200)]
    public int PdfDpi { get; set; } = 200;

    /// <summary>How long rendering one PDF may take before it is refused.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PdfTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest side of a thumbnail, in pixels.</summary>
    [Range(16, 2048)]
    public int ThumbnailSize { get; set; } = 256;

    /// <summary>Limits on an uploaded zip of images (entries, inflated sizes, compression ratio).</summary>
    [Required]
    public ZipLimits Archive { get; set; } = new();
}
