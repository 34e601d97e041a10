namespace Docket.Contracts.Markings;

/// <summary>One field of a marking, named as the scheme names it: a value and its boxes, or for a table its rows.</summary>
public sealed record MarkingValueRequest
{
    public required string Field { get; init; }
    public string? Value { get; init; }
    public IReadOnlyList<MarkingBox>? Boxes { get; init; }
    public IReadOnlyList<MarkingRow>? Rows { get; init; }
}
