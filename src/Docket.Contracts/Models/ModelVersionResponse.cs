using Docket.Contracts.ModelTemplates;

namespace Docket.Contracts.Models;

/// <summary>
/// One version of a model: its package, the tags on it, and what made it (the model template, the dataset version,
/// the training template and the metrics training reported), each null for a version that was uploaded.
/// </summary>
public sealed record ModelVersionResponse(
    Guid Id, Guid ModelId, int Number, ModelPackageResponse Package, IReadOnlyList<string> Tags,
    Guid? ModelTemplateId, Guid? DataSetId, int? DataSetVersion, Guid? DataSetVersionId, Guid? TrainProcessTemplateId,
    IReadOnlyDictionary<string, double>? Metrics, string? Description, DateTime CreatedAt, Guid? CreatedBy);
