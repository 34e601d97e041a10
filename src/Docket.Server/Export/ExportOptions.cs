using System.ComponentModel.DataAnnotations;

namespace Docket.Server.Export;

/// <summary>The <c>Export</c> section: timings of the subscription runner, and where sinks may connect.</summary>
public sealed class ExportOptions : IValidatableObject
{
    public const string Section = "Export";

    /// <summary>How often the runner looks for subscriptions to take and journal commits of other replicas.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a replica's claim on a subscription lasts without renewal; another replica takes over after it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First retry delay after a retryable failure; doubles per failure, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    [Range(1, 100_000)]
    public int DefaultMaxBatchEvents { get; set; } = 1000;

    /// <summary>
    /// How many batches a subscription reads and renders ahead of the one being sent, while it has a backlog. Each
    /// holds up to the subscription's batch size in memory; 1 overlaps reading with one send only.
    /// </summary>
    [Range(1, 16)]
    public int ReadAheadBatches { get; set; } = 2;

    /// <summary>
    /// Link-local and cloud metadata destinations a subscription may name after all: host names, addresses or CIDR
    /// ranges (<c>169.254.10.0/24</c>). Empty by default: every such destination is refused (<see cref="ExportDestinations"/>).
    /// </summary>
    public List<string> AllowedDestinations { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var entry in AllowedDestinations)
        {
            if (ExportDestinations.CheckEntry(entry) is { } problem)
            {
                yield return new ValidationResult(problem, [nameof(AllowedDestinations)]);
            }
        }
    }
}
