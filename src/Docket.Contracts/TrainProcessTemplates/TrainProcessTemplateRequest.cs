namespace Docket.Contracts.TrainProcessTemplates;

/// <summary>
/// Body of create and update: a training recipe. Everything but the name, the model type and the model template has a
/// default. <see cref="TenantId"/> is honoured for the Administrator only.
/// </summary>
public sealed record TrainProcessTemplateRequest
{
    public required string Name { get; init; }
    public required Guid ModelTypeId { get; init; }

    /// <summary>The base package training starts from; of the same model type.</summary>
    public required Guid ModelTemplateId { get; init; }
    public string? Description { get; init; }

    /// <summary>The file extensions of the images training takes (".png", ".pdf"); the defaults when null.</summary>
    public IReadOnlyList<string>? AllowedExtensions { get; init; }
    public bool Augmentation { get; init; }
    public int Workers { get; init; } = 1;
    public int BatchSize { get; init; } = 8;
    public int Iterations { get; init; } = 1000;
    public double LearningRate { get; init; } = 0.001;
    public TrainDevice Device { get; init; } = TrainDevice.Cpu;

    /// <summary>How long one run may take before it is stopped with the training timeout event.</summary>
    public TimeSpan MaxRunTime { get; init; } = TimeSpan.FromHours(24);
    public Guid? TenantId { get; init; }
}
