namespace Docket.Contracts.InferenceProcesses;

/// <summary>Where an inference process is in its life (docs/inference.md, "States").</summary>
public enum InferenceProcessState
{
    /// <summary>Not running: never started, or stopped.</summary>
    Stopped,

    /// <summary>Started (204) and sent to its agent (206); the agent has not begun the launch yet.</summary>
    Starting,

    /// <summary>The agent is launching it (18100 came): downloads, unzips, the engine starting.</summary>
    Launching,

    /// <summary>The engine is ready and serves pages (18800).</summary>
    Serving,

    /// <summary>A stop was asked (205) and not yet confirmed by the end of the launch.</summary>
    Stopping,

    /// <summary>The launch failed or the engine died; the last launch's reason says why.</summary>
    Failed,

    /// <summary>The agent found it dead after a restart, or no longer runs it.</summary>
    Lost,
}
