namespace Docket.Contracts.MarkingSchemes;

/// <summary>A field as the API shows it. <see cref="ETag"/> is its scheme's: fields are versioned with their scheme.</summary>
public sealed record MarkingFieldResponse(
    Guid Id,
    Guid SchemeId,
    string Name,
    string? Description,
    FieldType Type,
    FieldLanguage Language,
    int Orientation,
    bool MultiLine,
    bool Required,
    string? FormatPattern,
    int Order,
    IReadOnlyList<MarkingFieldColumnResponse> Columns,
    string ETag);
