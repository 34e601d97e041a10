using Docket.Contracts.Agents;

namespace Docket.Contracts.TrainProcesses;

/// <summary>The process's agent as it is now: a process can start only on an enabled agent that is connected.</summary>
public sealed record TrainProcessAgentResponse(Guid Id, string Name, bool IsEnabled, AgentState State);
