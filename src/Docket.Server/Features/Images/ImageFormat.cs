namespace Docket.Server.Features.Images;

/// <summary>What an uploaded file is, from its first bytes.</summary>
public enum ImageFormat
{
    Unknown,
    Png,
    Jpeg,
    Tiff,
    Pdf,
    Zip,

    /// <summary>Another archive or compressed format (gzip, 7z, rar, tar...): never opened.</summary>
    OtherArchive,
}
