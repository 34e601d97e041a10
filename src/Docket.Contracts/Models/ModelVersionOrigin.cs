namespace Docket.Contracts.Models;

/// <summary>
/// What made an uploaded version, all optional (the query string of UploadModelVersion): the model template and the
/// dataset version (dataset id and version number) it was trained from, the training template, and its metrics as a
/// JSON object of numbers.
/// </summary>
public sealed record ModelVersionOrigin
{
    public Guid? ModelTemplateId { get; init; }
    public Guid? DataSetId { get; init; }
    public int? DataSetVersion { get; init; }
    public Guid? TrainProcessTemplateId { get; init; }
    public IReadOnlyDictionary<string, double>? Metrics { get; init; }
    public string? Description { get; init; }
}
