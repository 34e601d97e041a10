namespace Docket.Server.Features.Tenants;

/// <summary>
/// An area that keeps rows of a tenant (users, projects). A tenant is removed only when none holds any, so each such
/// area answers for its own rows: the tenant area knows none of them, all of them know tenants.
/// </summary>
public interface ITenantRowHolder
{
    Task<bool> HoldsRowsOfAsync(Guid tenantId, CancellationToken cancellationToken);
}
