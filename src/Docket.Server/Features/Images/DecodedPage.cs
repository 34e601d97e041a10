namespace Docket.Server.Features.Images;

/// <summary>One page of an uploaded file, decoded and kept: its page image and thumbnail blobs and what it measures.</summary>
public sealed record DecodedPage(
    int PageNumber,
    int PageCount,
    string PageBlob,
    string PageContentType,
    string ThumbnailBlob,
    int Width,
    int Height,
    double? DpiX,
    double? DpiY);
