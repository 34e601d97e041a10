namespace Docket.Contracts.InferenceProcesses;

/// <summary>
/// A test run of an inference process: the test dataset's version and the model version it scored, the operation key
/// its events are recorded under, its state, and when it succeeded the scores overall and per field, and how many
/// predicted values were kept (and how many lines of the engine's predictions were skipped as bad).
/// </summary>
public sealed record InferenceTestRunResponse(
    Guid Id, Guid ProcessId, Guid DataSetId, int DataSetVersion, Guid ModelVersionId, int ModelVersion, string OperationKey,
    InferenceTestRunState State, string? Reason, IReadOnlyDictionary<string, double> Scores, IReadOnlyList<InferenceTestRunFieldScores> Fields,
    bool PredictionsReceived, int PredictionCount, int SkippedPredictionLines, DateTime CreatedAt, DateTime? EndedAt);
