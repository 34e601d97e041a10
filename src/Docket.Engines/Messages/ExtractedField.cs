namespace Docket.Engines.Messages;

/// <summary>
/// One field the engine read from a page, by the marking scheme's field name (a column's name inside a row). A table
/// field has <see cref="Rows"/> instead of a text; a classifier's document type is a field whose text is the type.
/// </summary>
public sealed record ExtractedField
{
    public required string Name { get; init; }
    public string? Text { get; init; }

    /// <summary>0 to 1.</summary>
    public double? Confidence { get; init; }

    public EngineBox? Box { get; init; }
    public IReadOnlyList<ExtractedRow>? Rows { get; init; }
}
