namespace Docket.Contracts.Agents;

/// <summary>
/// An agent with its state and what it said of its machine when it last connected (null before it ever did).
/// </summary>
public sealed record AgentResponse(
    Guid Id, Guid TenantId, string Name, string? Description, bool IsEnabled, AgentState State,
    DateTime? LastSeenAt, string? AgentVersion, AgentHostResponse? Host, int RunningProcesses,
    DateTime CreatedAt, DateTime UpdatedAt, string ETag);
