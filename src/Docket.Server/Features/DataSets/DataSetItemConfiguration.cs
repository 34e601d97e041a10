using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.DataSets;

internal sealed class DataSetItemConfiguration : IEntityTypeConfiguration<DataSetItem>
{
    public void Configure(EntityTypeBuilder<DataSetItem> builder)
    {
        // Named here, not by a DbSet: the context knows no area (docs/architecture.md).
        builder.ToTable("data_set_items");
        builder.Property(i => i.Part).HasConversion<string>().HasMaxLength(10);
        builder.Property(i => i.ImageName).HasMaxLength(400);
        builder.Property(i => i.ImageSha256).HasMaxLength(64);
        builder.Property(i => i.PageBlob).HasMaxLength(64);
        builder.Property(i => i.PageContentType).HasMaxLength(100);
        builder.HasIndex(i => new { i.VersionId, i.Ordinal }).IsUnique();
        builder.HasIndex(i => i.PageBlob);
        builder.HasIndex(i => i.ImageId);
        builder.HasOne<DataSetVersion>().WithMany().HasForeignKey(i => i.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
