using System.ComponentModel.DataAnnotations;

namespace Docket.Archives;

/// <summary>
/// What an uploaded zip may hold. The sizes are checked against the bytes actually inflated, not the sizes the
/// archive claims, so a forged header cannot let a decompression bomb through.
/// </summary>
public sealed class ZipLimits
{
    [Range(1, 1_000_000)]
    public int MaxEntries { get; set; } = 20_000;

    /// <summary>Largest single entry, inflated.</summary>
    [Range(1, long.MaxValue)]
    public long MaxEntryBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>All entries together, inflated.</summary>
    [Range(1, long.MaxValue)]
    public long MaxTotalBytes { get; set; } = 8L * 1024 * 1024 * 1024;

    /// <summary>Inflated size over compressed size, per entry; images compress little, bombs compress a lot.</summary>
    [Range(1, 100_000)]
    public int MaxCompressionRatio { get; set; } = 200;
}
