namespace Docket.Server.Features.MarkingSchemes;

public sealed record MarkingFieldColumnResponse(string Name, FieldType Type, FieldLanguage Language, bool Required, string? FormatPattern)
{
    public static MarkingFieldColumnResponse From(MarkingFieldColumn c) => new(c.Name, c.Type, c.Language, c.Required, c.FormatPattern);
}
