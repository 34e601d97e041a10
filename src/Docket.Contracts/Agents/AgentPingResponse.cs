namespace Docket.Contracts.Agents;

/// <summary>
/// An agent's answer to a ping: the time from queueing the command to reading the answer (through whichever replica
/// holds the agent's stream), and the agent's clock when it answered.
/// </summary>
public sealed record AgentPingResponse(Guid AgentId, double RoundTripMilliseconds, DateTime? AgentTime);
