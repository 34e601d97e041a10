using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.TrainProcesses;

/// <summary>This area's tables on the one context: storage knows no area, so each area names its own sets.</summary>
public static class TrainProcessTables
{
    extension(DocketDbContext db)
    {
        public DbSet<TrainProcess> TrainProcesses => db.Set<TrainProcess>();
        public DbSet<TrainProcessMetric> TrainProcessMetrics => db.Set<TrainProcessMetric>();
    }
}
