using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.TrainProcesses;

internal sealed class TrainProcessMetricConfiguration : IEntityTypeConfiguration<TrainProcessMetric>
{
    public void Configure(EntityTypeBuilder<TrainProcessMetric> builder)
    {
        builder.ToTable("train_process_metrics");
        builder.Property(m => m.Id).ValueGeneratedOnAdd();
        builder.Property(m => m.OperationKey).HasMaxLength(100);
        builder.Property(m => m.Name).HasMaxLength(TrainProcessMetric.MaxNameLength);
        builder.HasIndex(m => new { m.ProcessId, m.OperationKey, m.Id });
        // A process's series go with it.
        builder.HasOne<TrainProcess>().WithMany().HasForeignKey(m => m.ProcessId).OnDelete(DeleteBehavior.Cascade);
    }
}
