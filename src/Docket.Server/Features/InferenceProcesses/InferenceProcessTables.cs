using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.InferenceProcesses;

/// <summary>This area's tables on the one context: storage knows no area, so each area names its own sets.</summary>
public static class InferenceProcessTables
{
    extension(DocketDbContext db)
    {
        public DbSet<InferenceProcess> InferenceProcesses => db.Set<InferenceProcess>();
        public DbSet<InferenceTestRun> InferenceTestRuns => db.Set<InferenceTestRun>();
        public DbSet<InferenceTestRunScore> InferenceTestRunScores => db.Set<InferenceTestRunScore>();
        public DbSet<InferenceTestRunPrediction> InferenceTestRunPredictions => db.Set<InferenceTestRunPrediction>();
    }
}
