namespace Docket.Contracts.Markings;

/// <summary>One field of a marking as the API shows it: the field's id and its current name.</summary>
public sealed record MarkingValueResponse(
    Guid FieldId, string? Field, string? Value, IReadOnlyList<MarkingBox> Boxes, IReadOnlyList<MarkingRow>? Rows);
