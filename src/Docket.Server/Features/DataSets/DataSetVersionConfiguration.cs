using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.DataSets;

internal sealed class DataSetVersionConfiguration : IEntityTypeConfiguration<DataSetVersion>
{
    public void Configure(EntityTypeBuilder<DataSetVersion> builder)
    {
        // Named here, not by a DbSet: the context knows no area (docs/architecture.md).
        builder.ToTable("data_set_versions");
        builder.Property(v => v.ContentHash).HasMaxLength(64);
        builder.HasIndex(v => new { v.DataSetId, v.Number }).IsUnique();
        builder.HasOne<DataSet>().WithMany().HasForeignKey(v => v.DataSetId).OnDelete(DeleteBehavior.Cascade);
    }
}
