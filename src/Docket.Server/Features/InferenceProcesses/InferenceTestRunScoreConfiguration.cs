using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.InferenceProcesses;

internal sealed class InferenceTestRunScoreConfiguration : IEntityTypeConfiguration<InferenceTestRunScore>
{
    public void Configure(EntityTypeBuilder<InferenceTestRunScore> builder)
    {
        builder.ToTable("inference_test_run_scores");
        builder.Property(s => s.Field).HasMaxLength(TestRunEvaluation.MaxNameLength);
        builder.Property(s => s.Name).HasMaxLength(TestRunEvaluation.MaxNameLength);
        builder.HasKey(s => new { s.TestRunId, s.Order });
    }
}
