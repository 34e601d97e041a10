using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.ModelTypes;

/// <summary>This area's tables on the one context: storage knows no area, so each area names its own sets.</summary>
public static class ModelTypeTables
{
    extension(DocketDbContext db)
    {
        public DbSet<ModelType> ModelTypes => db.Set<ModelType>();
    }
}
