using Docket.Server.Features.Tenants;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.ModelTypes;

/// <summary>A tenant with model types of its own is not removed: the model type area answers for its own rows.</summary>
public sealed class ModelTypeTenantRows(DocketDbContext db) : ITenantRowHolder
{
    public Task<bool> HoldsRowsOfAsync(Guid tenantId, CancellationToken cancellationToken) =>
        db.ModelTypes.AnyAsync(t => t.TenantId == tenantId, cancellationToken);
}
