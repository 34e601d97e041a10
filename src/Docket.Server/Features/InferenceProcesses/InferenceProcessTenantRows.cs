using Docket.Server.Features.Tenants;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.InferenceProcesses;

/// <summary>A tenant with inference processes is not removed: the inference process area answers for its own rows (test runs go with their process).</summary>
public sealed class InferenceProcessTenantRows(DocketDbContext db) : ITenantRowHolder
{
    public Task<bool> HoldsRowsOfAsync(Guid tenantId, CancellationToken cancellationToken) =>
        db.InferenceProcesses.AnyAsync(p => p.TenantId == tenantId, cancellationToken);
}
