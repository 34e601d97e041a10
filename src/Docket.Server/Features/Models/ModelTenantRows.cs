using Docket.Server.Features.Tenants;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Models;

/// <summary>A tenant with models is not removed: the model area answers for its own rows.</summary>
public sealed class ModelTenantRows(DocketDbContext db) : ITenantRowHolder
{
    public Task<bool> HoldsRowsOfAsync(Guid tenantId, CancellationToken cancellationToken) =>
        db.Models.AnyAsync(m => m.TenantId == tenantId, cancellationToken);
}
