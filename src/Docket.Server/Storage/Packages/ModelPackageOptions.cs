using System.ComponentModel.DataAnnotations;
using Docket.Archives;

namespace Docket.Server.Storage.Packages;

/// <summary>The <c>ModelPackages</c> section: what an uploaded model template or model version package may be.</summary>
public sealed class ModelPackageOptions
{
    public const string Section = "ModelPackages";

    /// <summary>Largest package upload, in bytes.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 8L * 1024 * 1024 * 1024;

    /// <summary>
    /// Limits on the zip's content (entries, inflated sizes, compression ratio). Weights are big and compress little,
    /// so the sizes are larger than an image archive's.
    /// </summary>
    [Required]
    public ZipLimits Archive { get; set; } = new()
    {
        MaxEntries = 100_000,
        MaxEntryBytes = 16L * 1024 * 1024 * 1024,
        MaxTotalBytes = 32L * 1024 * 1024 * 1024,
        MaxCompressionRatio = 200,
    };
}
