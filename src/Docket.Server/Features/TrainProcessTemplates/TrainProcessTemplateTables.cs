using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.TrainProcessTemplates;

/// <summary>This area's tables on the one context: storage knows no area, so each area names its own sets.</summary>
public static class TrainProcessTemplateTables
{
    extension(DocketDbContext db)
    {
        public DbSet<TrainProcessTemplate> TrainProcessTemplates => db.Set<TrainProcessTemplate>();
    }
}
