namespace Docket.Contracts.InferenceProcesses;

/// <summary>Where a test run is: sent, running on the agent, or ended one way or the other.</summary>
public enum InferenceTestRunState
{
    /// <summary>Sent to the agent, which has not begun it yet.</summary>
    Starting,

    /// <summary>The agent is running it (18100 came).</summary>
    Running,

    /// <summary>Scores kept (18900), predictions kept when they arrived (18920), ended with 18940.</summary>
    Succeeded,

    /// <summary>Ended with 18960; <see cref="InferenceTestRunResponse.Reason"/> says why.</summary>
    Failed,
}
