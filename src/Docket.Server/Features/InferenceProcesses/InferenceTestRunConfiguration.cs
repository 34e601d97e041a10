using Docket.Server.Features.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.InferenceProcesses;

internal sealed class InferenceTestRunConfiguration : IEntityTypeConfiguration<InferenceTestRun>
{
    public void Configure(EntityTypeBuilder<InferenceTestRun> builder)
    {
        builder.ToTable("inference_test_runs");
        builder.Property(r => r.OperationKey).HasMaxLength(100);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Reason).HasMaxLength(4000);
        builder.HasIndex(r => r.ProcessId);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Restrict);

        // A test run is the process's: removing the process removes its runs, their scores and predictions.
        builder.HasOne<InferenceProcess>().WithMany().HasForeignKey(r => r.ProcessId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Scores).WithOne().HasForeignKey(s => s.TestRunId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.ConcurrencyStamp).IsConcurrencyToken();
    }
}
