namespace Docket.Server.Features.Agents.Launches;

/// <summary>How a launch ended.</summary>
public enum LaunchOutcome
{
    Succeeded,

    /// <summary>A step failed (its error step came first), or the engine failed, or the agent refused the start.</summary>
    Failed,

    /// <summary>Past the time limit (inference: not ready in time).</summary>
    TimedOut,

    /// <summary>Stopped by a person (a stop), or the agent shutting down.</summary>
    Stopped,

    /// <summary>Found dead by the restarted agent, or no longer run by the agent (the server's reconcile).</summary>
    Lost,
}
