namespace Docket.Contracts.MarkingSchemes;

/// <summary>
/// The settings of one field to change; an omitted (null) setting stays as it is. An empty
/// <see cref="FormatPattern"/> removes the pattern.
/// </summary>
public sealed record FieldSettings
{
    public required Guid FieldId { get; init; }
    public FieldType? Type { get; init; }
    public FieldLanguage? Language { get; init; }
    public int? Orientation { get; init; }
    public bool? MultiLine { get; init; }
    public bool? Required { get; init; }
    public string? FormatPattern { get; init; }
}
