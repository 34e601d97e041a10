namespace Docket.Server.Features.Images;

/// <summary>
/// One page image in a project. A PNG or JPEG is one image; a multi-page TIFF or a PDF becomes one image per
/// page, all sharing the original's name, hash and blob.
/// </summary>
public sealed class ImageData
{
    public required Guid Id { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid ProjectId { get; init; }

    /// <summary>The display name; starts as the uploaded file's name (or archive entry path) and may be renamed.</summary>
    public required string Name { get; set; }

    /// <summary>The name as uploaded, kept as it was.</summary>
    public required string OriginalName { get; init; }

    /// <summary>The original file's content type as detected from its bytes (not as the client declared it).</summary>
    public required string ContentType { get; init; }

    /// <summary>The original file's size in bytes.</summary>
    public required long Size { get; init; }

    /// <summary>
    /// SHA-256 of the original file, in lowercase hex; duplicates are recognized by it. For an image imported from a
    /// dataset archive it is the archive's word only: never a blob key (see <see cref="OriginalBlob"/>).
    /// </summary>
    public required string Sha256 { get; init; }

    /// <summary>The page as an image file: the original itself for PNG and JPEG, a PNG for TIFF and PDF pages.</summary>
    public required string PageBlob { get; init; }

    public required string PageContentType { get; init; }

    /// <summary>
    /// The blob served as the original. Only an uploaded TIFF or PDF keeps an original apart from its pages, and its
    /// content type then differs from its page's; an uploaded PNG or JPEG is its own page, and an image imported from
    /// a dataset archive has nothing but its page, whose bytes came from the archive and were hashed here. So a blob is
    /// never found by a hash a client only claims: an archive naming another tenant's file gets its own page back.
    /// </summary>
    public string OriginalBlob => ContentType == PageContentType ? PageBlob : Sha256;

    public required string ThumbnailBlob { get; init; }

    /// <summary>1-based page of the original.</summary>
    public required int PageNumber { get; init; }

    public required int PageCount { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }
    public double? DpiX { get; init; }
    public double? DpiY { get; init; }

    /// <summary>Clockwise degrees (0, 90, 180, 270) to turn the page upright; the stored pixels are never changed.</summary>
    public int Rotation { get; set; }

    /// <summary>The operation (upload) that added the image; ties it to the upload's events.</summary>
    public required string OperationKey { get; init; }

    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; set; }
    public Guid? CreatedBy { get; init; }

    /// <summary>Changes on every update; served as the ETag so concurrent edits are caught (If-Match).</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}
