using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Projects;

/// <summary>This area's tables on the one context: storage knows no area, so each area names its own sets.</summary>
public static class ProjectTables
{
    extension(DocketDbContext db)
    {
        public DbSet<Project> Projects => db.Set<Project>();
    }
}
