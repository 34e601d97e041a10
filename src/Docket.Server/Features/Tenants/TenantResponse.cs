namespace Docket.Server.Features.Tenants;

public sealed record TenantResponse(Guid Id, string Name, string? Description, bool IsEnabled, DateTime CreatedAt, string ETag)
{
    public static TenantResponse From(Tenant t) =>
        new(t.Id, t.Name, t.Description, t.IsEnabled, t.CreatedAt, Hosting.ETags.From(t.ConcurrencyStamp));
}
