using Docket.Server.Common;

namespace Docket.Server.Features.Projects;

public sealed record ProjectResponse(
    Guid Id, Guid TenantId, string Name, string? Description, DateTime CreatedAt, DateTime UpdatedAt, string ETag)
{
    // Times are stored in UTC, but SQLite gives them back without a kind, and JSON would then lose the zone.
    public static ProjectResponse From(Project p) =>
        new(p.Id, p.TenantId, p.Name, p.Description, p.CreatedAt,
            p.UpdatedAt, Common.ETags.From(p.ConcurrencyStamp));
}
