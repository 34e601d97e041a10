using Docket.Server.Features.Tenants;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.ModelTemplates;

/// <summary>A tenant with model templates is not removed: the model template area answers for its own rows.</summary>
public sealed class ModelTemplateTenantRows(DocketDbContext db) : ITenantRowHolder
{
    public Task<bool> HoldsRowsOfAsync(Guid tenantId, CancellationToken cancellationToken) =>
        db.ModelTemplates.AnyAsync(t => t.TenantId == tenantId, cancellationToken);
}
