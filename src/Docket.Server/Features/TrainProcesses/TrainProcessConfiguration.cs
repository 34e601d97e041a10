using Docket.Server.Features.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.TrainProcesses;

internal sealed class TrainProcessConfiguration : IEntityTypeConfiguration<TrainProcess>
{
    public void Configure(EntityTypeBuilder<TrainProcess> builder)
    {
        // Named here, not by a DbSet: the context knows no area (docs/architecture.md).
        builder.ToTable("train_processes");
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.NormalizedName).HasMaxLength(200);
        builder.Property(p => p.Description).HasMaxLength(4000);
        builder.Property(p => p.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.LastOperationKey).HasMaxLength(100);
        builder.Property(p => p.LastReason).HasMaxLength(4000);
        builder.HasIndex(p => new { p.TenantId, p.NormalizedName }).IsUnique();
        builder.HasIndex(p => p.ModelId);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(p => p.ConcurrencyStamp).IsConcurrencyToken();
    }
}
