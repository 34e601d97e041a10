using Docket.Server.Features.Tenants;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Agents;

/// <summary>A tenant with agents is not removed: the agents area answers for its own rows.</summary>
public sealed class AgentTenantRows(DocketDbContext db) : ITenantRowHolder
{
    public Task<bool> HoldsRowsOfAsync(Guid tenantId, CancellationToken cancellationToken) =>
        db.Agents.AnyAsync(a => a.TenantId == tenantId, cancellationToken);
}
