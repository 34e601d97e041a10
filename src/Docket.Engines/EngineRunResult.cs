namespace Docket.Engines;

/// <summary>The end of a run: the outcome, the engine's reason when it failed, and its final metrics.</summary>
public sealed record EngineRunResult
{
    public required EngineRunOutcome Outcome { get; init; }

    /// <summary>Why it did not succeed: the engine's own reason where it gave one, else what was seen.</summary>
    public string? Reason { get; init; }

    /// <summary>The exit code, or null when the process never started.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The metrics of the engine's result line; empty when it wrote none.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Messages dropped because the caller read them more slowly than the engine wrote them.</summary>
    public long DroppedMessages { get; init; }

    public TimeSpan Duration { get; init; }

    public bool Succeeded => Outcome == EngineRunOutcome.Succeeded;
}
