using Docket.Server.Common;

namespace Docket.Server.Features.Tenants;

public sealed record TenantResponse(Guid Id, string Name, string? Description, bool IsEnabled, DateTime CreatedAt, string ETag)
{
    // Times are stored in UTC, but SQLite gives them back without a kind, and JSON would then lose the zone.
    public static TenantResponse From(Tenant t) =>
        new(t.Id, t.Name, t.Description, t.IsEnabled, t.CreatedAt, Common.ETags.From(t.ConcurrencyStamp));
}
