using System.ComponentModel.DataAnnotations;

namespace Docket.Server.Export.Sinks;

/// <summary>
/// Settings of a file subscription: NDJSON into <c>Directory/FilePrefix.ndjson</c>, rotated by size and age to
/// <c>FilePrefix-yyyyMMddTHHmmssZ[-n].ndjson[.gz]</c>. One subscription per directory and prefix.
/// </summary>
public sealed class FileSinkOptions : IValidatableObject
{
    /// <summary>
    /// Created when missing. A subscription names a folder inside the server's exports folder; the factory
    /// resolves it there (<see cref="ExportFileRoot"/>) before the sink sees it.
    /// </summary>
    [Required]
    [MinLength(1)]
    public required string Directory { get; init; }

    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$", ErrorMessage = "The field FilePrefix must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit.")]
    public string FilePrefix { get; init; } = "docket-export";

    /// <summary>The current file is rotated before a line would take it past this size (a single longer line gets a file of its own).</summary>
    [Range(typeof(long), "1024", "1099511627776")]
    public long MaxBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>The current file is rotated at the first batch written after it grew this old.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Rotated files kept; the oldest beyond this are deleted.</summary>
    [Range(1, 100_000)]
    public int MaxFiles { get; init; } = 30;

    /// <summary>Compress rotated files to <c>.ndjson.gz</c> (the plain file is deleted once the archive is complete).</summary>
    public bool Gzip { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxAge <= TimeSpan.Zero)
        {
            yield return new ValidationResult("MaxAge must be positive.", [nameof(MaxAge)]);
        }
    }
}
