namespace Docket.Contracts.TrainProcesses;

/// <summary>
/// A process's last run: the operation key every event of it carries (and its metrics are read by), when it started
/// and ended, why it ended (the agent's or the engine's reason), and the model version it made.
/// </summary>
public sealed record TrainProcessRunResponse(string OperationKey, DateTime StartedAt, DateTime? EndedAt, string? Reason, int? ModelVersion);
