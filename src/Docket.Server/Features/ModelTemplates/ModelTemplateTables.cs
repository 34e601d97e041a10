using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.ModelTemplates;

/// <summary>This area's tables on the one context: storage knows no area, so each area names its own sets.</summary>
public static class ModelTemplateTables
{
    extension(DocketDbContext db)
    {
        public DbSet<ModelTemplate> ModelTemplates => db.Set<ModelTemplate>();
    }
}
