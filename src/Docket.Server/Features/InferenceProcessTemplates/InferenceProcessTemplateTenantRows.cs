using Docket.Server.Features.Tenants;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.InferenceProcessTemplates;

/// <summary>A tenant with inference templates is not removed: the inference template area answers for its own rows.</summary>
public sealed class InferenceProcessTemplateTenantRows(DocketDbContext db) : ITenantRowHolder
{
    public Task<bool> HoldsRowsOfAsync(Guid tenantId, CancellationToken cancellationToken) =>
        db.InferenceProcessTemplates.AnyAsync(t => t.TenantId == tenantId, cancellationToken);
}
