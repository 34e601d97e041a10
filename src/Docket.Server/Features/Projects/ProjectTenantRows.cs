using Docket.Server.Features.Tenants;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Projects;

/// <summary>A tenant with projects is not removed: the project area answers for its own rows.</summary>
public sealed class ProjectTenantRows(DocketDbContext db) : ITenantRowHolder
{
    public Task<bool> HoldsRowsOfAsync(Guid tenantId, CancellationToken cancellationToken) =>
        db.Projects.AnyAsync(p => p.TenantId == tenantId, cancellationToken);
}
