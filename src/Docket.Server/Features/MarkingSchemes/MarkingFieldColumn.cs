using Docket.Contracts.MarkingSchemes;

namespace Docket.Server.Features.MarkingSchemes;

/// <summary>A typed column of a table field; stored with its field as JSON.</summary>
public sealed class MarkingFieldColumn
{
    public required string Name { get; set; }
    public required FieldType Type { get; set; }
    public FieldLanguage Language { get; set; }
    public bool Required { get; set; }
    public string? FormatPattern { get; set; }
}
