namespace Docket.Server.Features.Models;

/// <summary>
/// One package of a model, numbered 1, 2, ... and never changed. What made it is recorded by id only, without a
/// foreign key, so the record outlives a template or dataset that is removed later.
/// </summary>
public sealed class ModelVersion
{
    public required Guid Id { get; init; }
    public required Guid ModelId { get; init; }
    public required int Number { get; init; }

    /// <summary>The package's blob key, which is its SHA-256.</summary>
    public required string PackageBlob { get; init; }
    public required long PackageSize { get; init; }

    public Guid? ModelTemplateId { get; init; }
    public Guid? DataSetId { get; init; }
    public int? DataSetVersion { get; init; }
    public Guid? DataSetVersionId { get; init; }
    public Guid? TrainProcessTemplateId { get; init; }

    /// <summary>The metrics as a JSON object of numbers; null when none were given.</summary>
    public string? Metrics { get; init; }
    public string? Description { get; init; }
    public required DateTime CreatedAt { get; init; }
    public Guid? CreatedBy { get; init; }
}
