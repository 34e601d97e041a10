namespace Docket.Contracts.Markings;

/// <summary>One cell of a table row: a column (by name, as the scheme names it), its value and boxes.</summary>
public sealed record MarkingCell
{
    public required string Column { get; init; }
    public string? Value { get; init; }
    public IReadOnlyList<MarkingBox> Boxes { get; init; } = [];
}
