using Docket.Server.Features.Tenants;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Scripts;

/// <summary>A tenant with scripts is not removed: the scripts area answers for its own rows.</summary>
public sealed class ScriptTenantRows(DocketDbContext db) : ITenantRowHolder
{
    public Task<bool> HoldsRowsOfAsync(Guid tenantId, CancellationToken cancellationToken) =>
        db.Scripts.AnyAsync(s => s.TenantId == tenantId, cancellationToken);
}
