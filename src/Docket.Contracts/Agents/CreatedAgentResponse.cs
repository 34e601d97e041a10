namespace Docket.Contracts.Agents;

/// <summary>The answer to a creation: the agent and its key, the only time the key is ever shown.</summary>
public sealed record CreatedAgentResponse(AgentResponse Agent, string Key);
