namespace Docket.Contracts.DataSets;

/// <summary>Body of <c>PUT /api/v1/data-sets/{id}</c>: what may change without a new version.</summary>
public sealed record UpdateDataSetRequest
{
    public required string Name { get; init; }
    public string? Description { get; init; }
}
