namespace Docket.Contracts.MarkingSchemes;

/// <summary>Body of <c>POST /api/v1/projects/{projectId}/marking-schemes</c>; the fields may come with it.</summary>
public sealed record CreateMarkingSchemeRequest
{
    public required string Name { get; init; }
    public string? Description { get; init; }

    /// <summary>Extraction when omitted.</summary>
    public MarkingSchemeKind? Kind { get; init; }

    public IReadOnlyList<MarkingFieldRequest>? Fields { get; init; }
}
