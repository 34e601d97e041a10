namespace Docket.Contracts.MarkingSchemes;

/// <summary>Body of <c>PUT /api/v1/marking-schemes/{id}</c>: the scheme's own name and description; fields have their own endpoints.</summary>
public sealed record UpdateMarkingSchemeRequest
{
    public required string Name { get; init; }
    public string? Description { get; init; }
}
