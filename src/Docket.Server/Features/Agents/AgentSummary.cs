using Docket.Contracts.Agents;

namespace Docket.Server.Features.Agents;

/// <summary>An agent as another area needs it: its name, whether it is enabled, and its state now.</summary>
public sealed record AgentSummary(Guid Id, string Name, bool IsEnabled, AgentState State);
