namespace Docket.Server.Features.Agents.Launches;

/// <summary>
/// One launch as a process area sees it. <paramref name="OperationKey"/> is the operation of the request that
/// started it: every event of the launch (the start, the agent's steps, the end) is recorded under it.
/// </summary>
public sealed record LaunchContext(Guid LaunchId, Guid AgentId, Guid TenantId, LaunchKind Kind, Guid ProcessId, string OperationKey);
