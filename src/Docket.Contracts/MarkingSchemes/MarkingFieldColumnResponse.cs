namespace Docket.Contracts.MarkingSchemes;

public sealed record MarkingFieldColumnResponse(string Name, FieldType Type, FieldLanguage Language, bool Required, string? FormatPattern);
