using Docket.Server.Features.Tenants;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.TrainProcesses;

/// <summary>A tenant with training processes is not removed: the training process area answers for its own rows.</summary>
public sealed class TrainProcessTenantRows(DocketDbContext db) : ITenantRowHolder
{
    public Task<bool> HoldsRowsOfAsync(Guid tenantId, CancellationToken cancellationToken) =>
        db.TrainProcesses.AnyAsync(p => p.TenantId == tenantId, cancellationToken);
}
