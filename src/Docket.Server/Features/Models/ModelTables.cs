using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Models;

/// <summary>This area's tables on the one context: storage knows no area, so each area names its own sets.</summary>
public static class ModelTables
{
    extension(DocketDbContext db)
    {
        public DbSet<Model> Models => db.Set<Model>();
        public DbSet<ModelVersion> ModelVersions => db.Set<ModelVersion>();
        public DbSet<ModelTag> ModelTags => db.Set<ModelTag>();
    }
}
