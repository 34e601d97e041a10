using Docket.Contracts.TrainProcesses;

namespace Docket.Server.Features.TrainProcesses;

/// <summary>
/// A training process: a training template run on one agent over a dataset version, each successful run adding a
/// version to one model. The references are kept by id without foreign keys (other areas' rows may go; a start checks
/// them again); its last run is kept on the row, its metrics in <see cref="TrainProcessMetric"/>.
/// </summary>
public sealed class TrainProcess
{
    public required Guid Id { get; init; }
    public required Guid TenantId { get; init; }
    public required string Name { get; set; }
    public required string NormalizedName { get; set; }
    public string? Description { get; set; }
    public required Guid AgentId { get; set; }
    public required Guid TrainProcessTemplateId { get; set; }
    public required Guid ScriptId { get; set; }
    public required Guid DataSetId { get; set; }
    public required int DataSetVersion { get; set; }
    public Guid? TestDataSetId { get; set; }
    public int? TestDataSetVersion { get; set; }
    public required Guid ModelId { get; set; }

    /// <summary>The model version a run continues from (fine-tuning); null to start from the model template.</summary>
    public int? ModelVersion { get; set; }

    /// <summary>A disabled process can be neither started nor stopped (15002).</summary>
    public bool IsEnabled { get; set; } = true;

    public TrainProcessState State { get; set; } = TrainProcessState.Idle;

    /// <summary>The operation key of the last start: every event of that run, and its metrics, carry it.</summary>
    public string? LastOperationKey { get; set; }
    public DateTime? LastStartedAt { get; set; }
    public DateTime? LastEndedAt { get; set; }
    public string? LastReason { get; set; }

    /// <summary>The number of the model version the last run made.</summary>
    public int? LastModelVersion { get; set; }

    /// <summary>Whether 15101 was recorded for the last run (the agent's step), so a lost end does not record it twice.</summary>
    public bool LastRunLostRecorded { get; set; }

    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; set; }
    public Guid? CreatedBy { get; init; }

    /// <summary>Changes on every change, the run's included; served as the ETag (If-Match), and what makes two changes not cross.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}
