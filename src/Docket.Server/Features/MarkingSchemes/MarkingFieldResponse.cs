using Docket.Server.Common;

namespace Docket.Server.Features.MarkingSchemes;

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
    string ETag)
{
    public static MarkingFieldResponse From(MarkingField f, Guid schemeStamp) =>
        new(f.Id, f.SchemeId, f.Name, f.Description, f.Type, f.Language, f.Orientation, f.MultiLine, f.Required, f.FormatPattern,
            f.Order, [.. f.Columns.Select(MarkingFieldColumnResponse.From)], Common.ETags.From(schemeStamp));
}
