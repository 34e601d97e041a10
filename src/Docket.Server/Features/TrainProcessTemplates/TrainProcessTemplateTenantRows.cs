using Docket.Server.Features.Tenants;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.TrainProcessTemplates;

/// <summary>A tenant with training templates is not removed: the training template area answers for its own rows.</summary>
public sealed class TrainProcessTemplateTenantRows(DocketDbContext db) : ITenantRowHolder
{
    public Task<bool> HoldsRowsOfAsync(Guid tenantId, CancellationToken cancellationToken) =>
        db.TrainProcessTemplates.AnyAsync(t => t.TenantId == tenantId, cancellationToken);
}
