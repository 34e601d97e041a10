using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.DataSets;

internal sealed class DataSetArchiveConfiguration : IEntityTypeConfiguration<DataSetArchive>
{
    public void Configure(EntityTypeBuilder<DataSetArchive> builder)
    {
        // Named here, not by a DbSet: the context knows no area (docs/architecture.md).
        builder.ToTable("data_set_archives");
        builder.Property(a => a.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Blob).HasMaxLength(64);
        builder.Property(a => a.Error).HasMaxLength(4000);
        builder.Property(a => a.OperationKey).HasMaxLength(100);
        builder.Property(a => a.LeaseOwner).HasMaxLength(200);
        builder.Property(a => a.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(a => new { a.State, a.RequestedAt });
        builder.HasIndex(a => new { a.DataSetId, a.Id });
        builder.HasIndex(a => a.Blob);
        builder.HasOne<DataSet>().WithMany().HasForeignKey(a => a.DataSetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<DataSetVersion>().WithMany().HasForeignKey(a => a.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
