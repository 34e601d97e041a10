using Docket.Server.Common;

namespace Docket.Server.Features.MarkingSchemes;

/// <summary>A scheme with its fields in order; the ETag changes with every change to the scheme or a field.</summary>
public sealed record MarkingSchemeResponse(
    Guid Id,
    Guid TenantId,
    Guid ProjectId,
    string Name,
    string? Description,
    MarkingSchemeKind Kind,
    IReadOnlyList<MarkingFieldResponse> Fields,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string ETag)
{
    // Times are stored in UTC, but SQLite gives them back without a kind, and JSON would then lose the zone.
    public static MarkingSchemeResponse From(MarkingScheme s) =>
        new(s.Id, s.TenantId, s.ProjectId, s.Name, s.Description, s.Kind,
            [.. s.Fields.OrderBy(f => f.Order).Select(f => MarkingFieldResponse.From(f, s.ConcurrencyStamp))],
            s.CreatedAt, s.UpdatedAt,
            Common.ETags.From(s.ConcurrencyStamp));
}
