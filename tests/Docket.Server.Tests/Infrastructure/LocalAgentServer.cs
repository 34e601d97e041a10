namespace Docket.Server.Tests.Infrastructure;

/// <summary>An <see cref="AgentServer"/> that provisions its local agent (Agents:Local), as scripts/run.sh starts it.</summary>
public sealed class LocalAgentServer : AgentServer
{
    protected override IEnumerable<string> Settings => [.. base.Settings, "--Agents:Local=true"];
}
