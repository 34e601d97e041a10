using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Projects;

/// <summary>What other areas read of projects: through here, never the table (docs/architecture.md, "Crossing areas").</summary>
public sealed class ProjectQueries(DocketDbContext db)
{
    /// <summary>The project, untracked, if the caller may see it; another tenant's is missing, as the API reports it.</summary>
    public async Task<Project?> FindAsync(Caller caller, Guid projectId, CancellationToken cancellationToken)
    {
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken);
        return project is not null && caller.CanAccess(project.TenantId) ? project : null;
    }
}
