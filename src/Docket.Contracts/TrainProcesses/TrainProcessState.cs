namespace Docket.Contracts.TrainProcesses;

/// <summary>Where a training process stands: idle until its first start, then the state of its last run.</summary>
public enum TrainProcessState
{
    /// <summary>Never started.</summary>
    Idle,

    /// <summary>Sent to the agent; its first step has not come yet.</summary>
    Starting,

    /// <summary>The agent is preparing the run: folders, downloads, unzips.</summary>
    Launching,

    /// <summary>The engine runs.</summary>
    Running,

    /// <summary>A stop was sent and taken; the end has not come yet.</summary>
    Stopping,

    /// <summary>The run made a new version of the model.</summary>
    Succeeded,

    /// <summary>The run failed: a step, the engine, the agent's refusal or the model package (the reason says which).</summary>
    Failed,

    /// <summary>The run took longer than its training template allows.</summary>
    TimedOut,

    /// <summary>Stopped by a person, or by the agent shutting down.</summary>
    Stopped,

    /// <summary>The agent no longer runs it: found dead when the agent restarted, or missing from what the agent reports.</summary>
    Lost,
}
