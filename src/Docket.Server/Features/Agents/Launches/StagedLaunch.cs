using Docket.Agent.Protocol.V1;

namespace Docket.Server.Features.Agents.Launches;

/// <summary>A launch staged on the context by <see cref="AgentLaunches.StageAsync"/>, to be sent by <see cref="AgentLaunches.SendAsync"/>.</summary>
public sealed class StagedLaunch
{
    internal StagedLaunch(LaunchContext launch, AgentLaunch row, Command command)
    {
        Launch = launch;
        Row = row;
        Command = command;
    }

    public LaunchContext Launch { get; }

    internal AgentLaunch Row { get; }

    internal Command Command { get; }
}
