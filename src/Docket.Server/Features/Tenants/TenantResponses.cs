using Docket.Contracts.Tenants;

namespace Docket.Server.Features.Tenants;

/// <summary>The tenant contract made from the stored tenant: the contracts assembly cannot know the entity.</summary>
public static class TenantResponses
{
    extension(TenantResponse)
    {
        public static TenantResponse From(Tenant t) =>
            new(t.Id, t.Name, t.Description, t.IsEnabled, t.CreatedAt, Common.ETags.From(t.ConcurrencyStamp));
    }
}
