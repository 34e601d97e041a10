using Docket.Server.Tests.Infrastructure;

namespace Docket.Server.Tests.InferenceProcesses;

/// <summary>
/// The agents' server with a heartbeat period of two seconds: the end-to-end runs start engines (dotnet processes) on a
/// busy machine, and an agent whose heartbeat is late by a second must not read as disconnected in the middle of a launch.
/// </summary>
public sealed class InferenceAgentServer : AgentServer
{
    protected override IEnumerable<string> Settings => [.. base.Settings, "--Agents:Period=00:00:02"];
}
