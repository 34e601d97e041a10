using System.ComponentModel.DataAnnotations;

namespace Docket.Server.Storage.Blobs;

/// <summary>The <c>Blobs</c> section: where image and archive bytes are kept, and how unreferenced ones are collected.</summary>
public sealed class BlobOptions
{
    public const string Section = "Blobs";

    /// <summary>Empty means <c>blobs</c> under the data directory.</summary>
    public string? Directory { get; set; }

    /// <summary>How often the collector looks for blobs nothing refers to.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan CollectInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A blob younger than this is never collected: it may belong to an upload or an archive build whose
    /// transaction has not committed yet.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan CollectGracePeriod { get; set; } = TimeSpan.FromHours(1);
}
