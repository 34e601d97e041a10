namespace Docket.Contracts.MarkingSchemes;

/// <summary>One column of a table field; String when the type is omitted.</summary>
public sealed record MarkingFieldColumnRequest
{
    public required string Name { get; init; }
    public FieldType? Type { get; init; }
    public FieldLanguage? Language { get; init; }
    public bool? Required { get; init; }
    public string? FormatPattern { get; init; }
}
