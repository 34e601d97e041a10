namespace Docket.Contracts.TrainProcesses;

/// <summary>
/// Body of create and update: what a training process runs, where, and which model receives what it makes. Every
/// reference must be the tenant's. <see cref="TenantId"/> is honoured for the Administrator only.
/// </summary>
public sealed record TrainProcessRequest
{
    public required string Name { get; init; }
    public string? Description { get; init; }

    /// <summary>The agent the process runs on.</summary>
    public required Guid AgentId { get; init; }

    /// <summary>The training recipe: model type, model template, parameters and the longest a run may take.</summary>
    public required Guid TrainProcessTemplateId { get; init; }

    /// <summary>The engine's script package; it must hold start_training.sh.</summary>
    public required Guid ScriptId { get; init; }

    public required Guid DataSetId { get; init; }

    /// <summary>The number of the dataset's version to train on.</summary>
    public required int DataSetVersion { get; init; }

    /// <summary>An optional test dataset, with <see cref="TestDataSetVersion"/>: both or neither.</summary>
    public Guid? TestDataSetId { get; init; }
    public int? TestDataSetVersion { get; init; }

    /// <summary>The model that receives each new version; of the training template's model type.</summary>
    public required Guid ModelId { get; init; }

    /// <summary>A version of that model to continue from (fine-tuning); null to start from the model template.</summary>
    public int? ModelVersion { get; init; }

    public Guid? TenantId { get; init; }
}
