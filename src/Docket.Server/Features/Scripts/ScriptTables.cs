using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Scripts;

/// <summary>This area's tables on the one context: storage knows no area, so each area names its own sets.</summary>
public static class ScriptTables
{
    extension(DocketDbContext db)
    {
        public DbSet<Script> Scripts => db.Set<Script>();
    }
}
