using Docket.Contracts.TrainProcessTemplates;

namespace Docket.Server.Features.TrainProcessTemplates;

/// <summary>A training recipe: what model to start from, what images to take, the hyperparameters and the time a run may take.</summary>
public sealed class TrainProcessTemplate
{
    public required Guid Id { get; init; }
    public required Guid TenantId { get; init; }
    public required string Name { get; set; }
    public required string NormalizedName { get; set; }
    public required Guid ModelTypeId { get; set; }
    public required Guid ModelTemplateId { get; set; }
    public string? Description { get; set; }
    public required List<string> AllowedExtensions { get; set; }
    public bool Augmentation { get; set; }
    public int Workers { get; set; }
    public int BatchSize { get; set; }
    public int Iterations { get; set; }
    public double LearningRate { get; set; }
    public TrainDevice Device { get; set; }

    /// <summary>The training timeout: a run longer than this is stopped and records the timeout event.</summary>
    public TimeSpan MaxRunTime { get; set; }
    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; set; }
    public Guid? CreatedBy { get; init; }

    /// <summary>Changes on every update; served as the ETag so concurrent edits are caught (If-Match).</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}
