using Docket.Server.Common;
using Docket.Server.Features.MarkingSchemes;

namespace Docket.Server.Features.Markings;

/// <summary>A marking as the API shows it: the stored content with the scheme's current field names beside the ids.</summary>
public sealed record MarkingResponse(
    Guid Id,
    Guid TenantId,
    Guid ProjectId,
    Guid ImageId,
    Guid SchemeId,
    IReadOnlyList<MarkingValueResponse> Fields,
    Guid? DocumentTypeId,
    string? DocumentType,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string ETag)
{
    public static MarkingResponse From(Marking marking, MarkingScheme scheme) => From(marking, MarkingContent.FromJson(marking.Content), scheme);

    // Times are stored in UTC, but SQLite gives them back without a kind, and JSON would then lose the zone.
    public static MarkingResponse From(Marking marking, MarkingContent content, MarkingScheme scheme)
    {
        var names = scheme.Fields.ToDictionary(f => f.Id, f => f.Name);
        return new(
            marking.Id, marking.TenantId, marking.ProjectId, marking.ImageId, marking.SchemeId,
            [.. content.Fields.Select(f => new MarkingValueResponse(f.FieldId, names.GetValueOrDefault(f.FieldId), f.Value, f.Boxes, f.Rows))],
            content.DocumentTypeId,
            content.DocumentTypeId is { } type ? names.GetValueOrDefault(type) : null,
            marking.CreatedAt,
            marking.UpdatedAt,
            Common.ETags.From(marking.ConcurrencyStamp));
    }
}
