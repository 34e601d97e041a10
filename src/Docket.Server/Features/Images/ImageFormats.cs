namespace Docket.Server.Features.Images;

/// <summary>Recognizes files by their signature, never by their name or declared content type.</summary>
public static class ImageFormats
{
    /// <summary>Bytes of a file's head that <see cref="Detect"/> looks at.</summary>
    public const int HeadLength = 262;

    public static ImageFormat Detect(ReadOnlySpan<byte> head) => head switch
    {
        [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => ImageFormat.Png,
        [0xFF, 0xD8, 0xFF, ..] => ImageFormat.Jpeg,
        [(byte)'I', (byte)'I', 42, 0, ..] or [(byte)'M', (byte)'M', 0, 42, ..] => ImageFormat.Tiff,
        // BigTIFF.
        [(byte)'I', (byte)'I', 43, 0, ..] or [(byte)'M', (byte)'M', 0, 43, ..] => ImageFormat.Tiff,
        [(byte)'%', (byte)'P', (byte)'D', (byte)'F', (byte)'-', ..] => ImageFormat.Pdf,
        [(byte)'P', (byte)'K', 3, 4, ..] or [(byte)'P', (byte)'K', 5, 6, ..] => ImageFormat.Zip,
        [0x1F, 0x8B, ..] or [(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C, ..] or [(byte)'R', (byte)'a', (byte)'r', (byte)'!', ..]
            or [(byte)'B', (byte)'Z', (byte)'h', ..] or [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0, ..] => ImageFormat.OtherArchive,
        _ when head.Length > 262 && head[257..262].SequenceEqual("ustar"u8) => ImageFormat.OtherArchive,
        _ => ImageFormat.Unknown,
    };

    public static string ContentType(ImageFormat format) => format switch
    {
        ImageFormat.Png => "image/png",
        ImageFormat.Jpeg => "image/jpeg",
        ImageFormat.Tiff => "image/tiff",
        ImageFormat.Pdf => "application/pdf",
        ImageFormat.Zip => "application/zip",
        _ => "application/octet-stream",
    };

    /// <summary>
    /// Whether a declared content type contradicts the bytes. Generic types (none, octet-stream) never do;
    /// a specific one that names another format does.
    /// </summary>
    public static bool Contradicts(string? declared, ImageFormat actual)
    {
        var type = declared?.Split(';')[0].Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(type) || type is "application/octet-stream" or "binary/octet-stream")
        {
            return false;
        }

        var named = type switch
        {
            "image/png" => ImageFormat.Png,
            "image/jpeg" or "image/jpg" or "image/pjpeg" => ImageFormat.Jpeg,
            "image/tiff" or "image/tif" => ImageFormat.Tiff,
            "application/pdf" => ImageFormat.Pdf,
            "application/zip" or "application/x-zip-compressed" or "application/x-zip" => ImageFormat.Zip,
            _ => ImageFormat.Unknown,
        };
        return named != actual;
    }
}
