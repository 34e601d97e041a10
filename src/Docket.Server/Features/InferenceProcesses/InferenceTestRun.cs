using Docket.Contracts.InferenceProcesses;

namespace Docket.Server.Features.InferenceProcesses;

/// <summary>
/// One scoring of an inference process's model over a test dataset's version, launched on the process's agent under
/// its own id and operation key; its scores and predictions are kept with it and go with the process.
/// </summary>
public sealed class InferenceTestRun
{
    public required Guid Id { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid ProcessId { get; init; }
    public required Guid DataSetId { get; init; }
    public required int DataSetVersion { get; init; }
    public required Guid ModelVersionId { get; init; }
    public required int ModelVersion { get; init; }
    public required string OperationKey { get; set; }
    public InferenceTestRunState State { get; set; }
    public string? Reason { get; set; }
    public bool PredictionsReceived { get; set; }
    public int PredictionCount { get; set; }
    public int SkippedPredictionLines { get; set; }

    /// <summary>Whether the agent reported the run dead itself (18101), so a lost end does not record it twice.</summary>
    public bool LossReported { get; set; }

    public required DateTime CreatedAt { get; init; }
    public DateTime? EndedAt { get; set; }
    public Guid? CreatedBy { get; init; }
    public List<InferenceTestRunScore> Scores { get; init; } = [];

    /// <summary>Changes on every change, so two reports of the same run never both pass.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public bool HasEnded => State is InferenceTestRunState.Succeeded or InferenceTestRunState.Failed;
}
