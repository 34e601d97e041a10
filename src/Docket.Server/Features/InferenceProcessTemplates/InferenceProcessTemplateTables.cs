using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.InferenceProcessTemplates;

/// <summary>This area's tables on the one context: storage knows no area, so each area names its own sets.</summary>
public static class InferenceProcessTemplateTables
{
    extension(DocketDbContext db)
    {
        public DbSet<InferenceProcessTemplate> InferenceProcessTemplates => db.Set<InferenceProcessTemplate>();
    }
}
