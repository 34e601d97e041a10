using Docket.Server.Tests.Infrastructure;

namespace Docket.Server.Tests.TrainProcesses;

/// <summary>
/// An <see cref="AgentServer"/> whose heartbeat period leaves room for a busy machine: a training run keeps the CPUs
/// busy (the agent, its engine), and a late heartbeat must not make the agent look disconnected to a start or a stop.
/// </summary>
public sealed class TrainingServer : AgentServer
{
    protected override IEnumerable<string> Settings => [.. base.Settings, "--Agents:Period=00:00:02"];
}
