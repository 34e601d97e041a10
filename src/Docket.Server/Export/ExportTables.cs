using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Export;

/// <summary>This area's tables on the one context: storage knows no area, so each area names its own sets.</summary>
public static class ExportTables
{
    extension(DocketDbContext db)
    {
        public DbSet<ExportSubscription> ExportSubscriptions => db.Set<ExportSubscription>();
    }
}
