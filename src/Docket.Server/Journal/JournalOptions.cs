using System.ComponentModel.DataAnnotations;

namespace Docket.Server.Journal;

/// <summary>The <c>Journal</c> configuration section.</summary>
public sealed class JournalOptions
{
    public const string Section = "Journal";

    /// <summary>
    /// Base64 of the HMAC key (at least 32 bytes). Replicas over one database must share it. When empty,
    /// the key is read from <see cref="SigningKeyFile"/>, which is created on first start.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Defaults to <c>secrets/journal-signing.key</c> under the data directory: outside the database on purpose.</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>Records older than this many days are removed; 0 keeps them forever.</summary>
    [Range(0, 36500)]
    public int RetentionDays { get; set; }

    /// <summary>How often the retention pass runs.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Largest page the query API returns.</summary>
    [Range(1, 10000)]
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>
    /// A file outside the database where the head's sequence and signature are appended, one JSON line per
    /// <see cref="CheckpointInterval"/>: a witness for verify (docs/journal.md). Empty: no checkpoint file.
    /// </summary>
    public string? CheckpointFile { get; set; }

    /// <summary>How often a checkpoint line is appended (only when records were added since the last).</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "7.00:00:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often a live tail polls the database when no commit of this node woke it (other replicas).</summary>
    public TimeSpan TailPollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
