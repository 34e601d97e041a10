using Docket.Contracts.Agents;

namespace Docket.Contracts.InferenceProcesses;

/// <summary>
/// An inference process as the API shows it, with its last launch (null before the first) and its agent's state now
/// (null when the agent was removed).
/// </summary>
public sealed record InferenceProcessResponse(
    Guid Id, Guid TenantId, string Name, string? Description, Guid AgentId, Guid TemplateId, Guid ScriptId, bool IsEnabled,
    InferenceProcessState State, InferenceProcessLaunchResponse? LastLaunch, AgentState? AgentState,
    DateTime CreatedAt, DateTime UpdatedAt, string ETag);
