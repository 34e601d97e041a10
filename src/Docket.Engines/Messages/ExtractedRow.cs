namespace Docket.Engines.Messages;

/// <summary>One row of a table field: a cell per column, each named by its column.</summary>
public sealed record ExtractedRow
{
    public required IReadOnlyList<ExtractedField> Cells { get; init; }
}
