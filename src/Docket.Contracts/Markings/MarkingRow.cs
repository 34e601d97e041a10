namespace Docket.Contracts.Markings;

/// <summary>One row of a table field.</summary>
public sealed record MarkingRow
{
    public IReadOnlyList<MarkingCell> Cells { get; init; } = [];
}
