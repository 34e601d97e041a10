namespace Docket.Engines;

/// <summary>One run to start: its kind, its prepared folders and its input.</summary>
public sealed record EngineRunRequest
{
    public required EngineKind Kind { get; init; }
    public required EngineFolders Folders { get; init; }
    public required EngineInput Input { get; init; }

    /// <summary>
    /// Training and evaluation: the longest the run may take before it is killed and ends <see cref="EngineRunOutcome.TimedOut"/>.
    /// Inference: the longest until the engine says it is ready. Null: no limit.
    /// </summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Inference: the longest one page may take, queueing included; null takes the engine's default.</summary>
    public TimeSpan? RequestTimeout { get; init; }

    /// <summary>Variables to add to the engine's environment (after the inherited allow-list, before the contract's own).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }
}
