using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.InferenceProcesses;

internal sealed class InferenceTestRunPredictionConfiguration : IEntityTypeConfiguration<InferenceTestRunPrediction>
{
    public void Configure(EntityTypeBuilder<InferenceTestRunPrediction> builder)
    {
        builder.ToTable("inference_test_run_predictions");
        builder.HasKey(p => new { p.TestRunId, p.Sequence });
        builder.Property(p => p.Sha256).HasMaxLength(64);
        builder.Property(p => p.Field).HasMaxLength(TestRunPredictions.MaxNameLength);
        builder.Property(p => p.Column).HasMaxLength(TestRunPredictions.MaxNameLength);
        builder.Property(p => p.Text).HasMaxLength(TestRunPredictions.MaxTextLength);
        builder.HasOne<InferenceTestRun>().WithMany().HasForeignKey(p => p.TestRunId).OnDelete(DeleteBehavior.Cascade);
    }
}
