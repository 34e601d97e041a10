namespace Docket.Server.Features.Agents;

/// <summary>What a 19000 record says of the batch it stands for: whose, how many lines, and the time they span (the agent's clock).</summary>
public sealed record AgentLogBatchData(Guid AgentId, int Lines, DateTime First, DateTime Last);
