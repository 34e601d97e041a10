namespace Docket.Contracts.Markings;

/// <summary>A field's marking as stored: its value and boxes, or for a table its rows.</summary>
public sealed record MarkingFieldValue
{
    public required Guid FieldId { get; init; }
    public string? Value { get; init; }
    public IReadOnlyList<MarkingBox> Boxes { get; init; } = [];
    public IReadOnlyList<MarkingRow>? Rows { get; init; }
}
