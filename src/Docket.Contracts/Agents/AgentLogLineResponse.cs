namespace Docket.Contracts.Agents;

/// <summary>
/// One line of an agent's own log, as the agent wrote it (<see cref="Time"/> is the agent's clock) and when the server
/// received it. <see cref="ProcessId"/> names the process the line belongs to; null for the agent itself.
/// </summary>
public sealed record AgentLogLineResponse(
    long Id, Guid AgentId, Guid? ProcessId, AgentLogLevel Level, DateTime Time, string Message, DateTime ReceivedAt);
