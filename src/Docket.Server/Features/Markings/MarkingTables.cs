using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Markings;

/// <summary>This area's tables on the one context: storage knows no area, so each area names its own sets.</summary>
public static class MarkingTables
{
    extension(DocketDbContext db)
    {
        public DbSet<Marking> Markings => db.Set<Marking>();
    }
}
