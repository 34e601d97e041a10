namespace Docket.Engines;

/// <summary>How a run ended.</summary>
public enum EngineRunOutcome
{
    /// <summary>Exit code 0, no failed result, and the output the kind requires is there.</summary>
    Succeeded,

    /// <summary>A non-zero exit, a failed result, missing output, or an engine that could not start; the reason says which.</summary>
    Failed,

    /// <summary>Killed because it ran past its timeout (or was not ready in time, for inference).</summary>
    TimedOut,

    /// <summary>Stopped by the caller.</summary>
    Cancelled,
}
