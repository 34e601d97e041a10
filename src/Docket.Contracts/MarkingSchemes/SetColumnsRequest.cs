namespace Docket.Contracts.MarkingSchemes;

/// <summary>Body of <c>PUT /api/v1/marking-schemes/{id}/fields/{fieldId}/columns</c>: the table's columns, in order.</summary>
public sealed record SetColumnsRequest
{
    public required IReadOnlyList<MarkingFieldColumnRequest> Columns { get; init; }
}
