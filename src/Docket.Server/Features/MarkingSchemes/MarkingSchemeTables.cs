using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.MarkingSchemes;

/// <summary>This area's tables on the one context: storage knows no area, so each area names its own sets.</summary>
public static class MarkingSchemeTables
{
    extension(DocketDbContext db)
    {
        public DbSet<MarkingScheme> MarkingSchemes => db.Set<MarkingScheme>();
        public DbSet<MarkingField> MarkingFields => db.Set<MarkingField>();
    }
}
