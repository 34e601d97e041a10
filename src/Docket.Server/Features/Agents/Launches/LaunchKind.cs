namespace Docket.Server.Features.Agents.Launches;

/// <summary>What a launch runs on the agent (the protocol's <c>ProcessKind</c>, kept out of the process areas).</summary>
public enum LaunchKind
{
    Training,
    Inference,

    /// <summary>An inference process's model scored over a test dataset.</summary>
    TestRun,
}
