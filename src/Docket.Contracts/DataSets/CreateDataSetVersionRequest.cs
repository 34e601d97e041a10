namespace Docket.Contracts.DataSets;

/// <summary>
/// Body of <c>POST /api/v1/data-sets/{id}/versions</c>, all optional: the ratio and seed default to the current
/// version's, the images to every image marked under the dataset's scheme.
/// </summary>
public sealed record CreateDataSetVersionRequest
{
    public double? TrainRatio { get; init; }
    public int? Seed { get; init; }
    public IReadOnlyList<Guid>? ImageIds { get; init; }
}
