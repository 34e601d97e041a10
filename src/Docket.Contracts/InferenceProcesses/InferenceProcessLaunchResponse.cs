namespace Docket.Contracts.InferenceProcesses;

/// <summary>
/// The last launch of an inference process: the operation key its events are recorded under, when it was asked, when
/// it served, when it ended and why, and the model version it serves (resolved at launch when the template follows a tag).
/// </summary>
public sealed record InferenceProcessLaunchResponse(
    string OperationKey, DateTime RequestedAt, DateTime? ServingAt, DateTime? EndedAt, string? Reason, Guid? ModelVersionId, int? ModelVersion);
