namespace Docket.Contracts.TrainProcesses;

/// <summary>
/// A training process as the API shows it. <see cref="Agent"/> is null once the agent was removed; <see cref="LastRun"/>
/// is null until the first start.
/// </summary>
public sealed record TrainProcessResponse(
    Guid Id, Guid TenantId, string Name, string? Description, Guid AgentId, TrainProcessAgentResponse? Agent, Guid TrainProcessTemplateId,
    Guid ScriptId, Guid DataSetId, int DataSetVersion, Guid? TestDataSetId, int? TestDataSetVersion, Guid ModelId, int? ModelVersion,
    bool IsEnabled, TrainProcessState State, TrainProcessRunResponse? LastRun, DateTime CreatedAt, DateTime UpdatedAt, string ETag);
