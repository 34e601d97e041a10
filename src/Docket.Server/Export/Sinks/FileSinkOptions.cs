using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Docket.Server.Export.Sinks;

/// <summary>
/// Settings of a file subscription: NDJSON into <c>Directory/FilePrefix.ndjson</c>, rotated by size and age to
/// <c>FilePrefix-yyyyMMddTHHmmssZ[-n].ndjson[.gz]</c>. One subscription per directory and prefix: checked when
/// settings are stored, and held by the sink's lock file (<c>FilePrefix.lock</c>) while it runs.
/// </summary>
public sealed partial class FileSinkOptions : IValidatableObject
{
    /// <summary>
    /// Created when missing. A subscription names a folder (or a path of folders, <c>soc/audit</c>) inside its tenant's
    /// exports folder; the factory resolves it there (<see cref="ExportFileRoot"/>) before the sink sees it.
    /// </summary>
    [Required]
    [RegularExpression(
        "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}(/[A-Za-z0-9][A-Za-z0-9._-]{0,99}){0,7}$",
        ErrorMessage = "The field Directory must be a folder name (or up to 8 names joined by '/') of letters, digits, '.', '_' or '-', each starting with a letter or digit.")]
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

        if (FilePrefix is not null && RotationStamp().IsMatch(FilePrefix))
        {
            // Its current file would read as another prefix's rotated file, and be compressed or deleted by that sink.
            yield return new ValidationResult("FilePrefix must not end like a rotation stamp (-yyyyMMddTHHmmssZ).", [nameof(FilePrefix)]);
        }
    }

    [GeneratedRegex(@"-\d{8}T\d{6}Z(-\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex RotationStamp();
}
