namespace Docket.Server.Features.Agents.Launches;

/// <summary>
/// A step of a launch taken from the agent (<c>agent_launch_steps</c>): one row per launch and code, so a step the
/// agent sends again after a broken stream is recorded once.
/// </summary>
public sealed class AgentLaunchStep
{
    public Guid LaunchId { get; set; }
    public int Code { get; set; }
    public DateTime ReceivedAt { get; set; }
}
