namespace Docket.Contracts.DataSets;

/// <summary>
/// Body of <c>POST /api/v1/projects/{projectId}/data-sets</c>: version 1 is made from the scheme's markings, of the
/// images named or (by default) of every image marked under it.
/// </summary>
public sealed record CreateDataSetRequest
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required Guid SchemeId { get; init; }

    /// <summary>Share of items in the training part, 0 to 1; 0.8 when absent.</summary>
    public double? TrainRatio { get; init; }

    /// <summary>The split's seed; drawn at random when absent, and returned either way.</summary>
    public int? Seed { get; init; }

    public IReadOnlyList<Guid>? ImageIds { get; init; }
}
