using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.Models;

internal sealed class ModelVersionConfiguration : IEntityTypeConfiguration<ModelVersion>
{
    public void Configure(EntityTypeBuilder<ModelVersion> builder)
    {
        builder.ToTable("model_versions");
        builder.HasIndex(v => new { v.ModelId, v.Number }).IsUnique();
        builder.HasIndex(v => v.PackageBlob);
        builder.Property(v => v.PackageBlob).HasMaxLength(64);
        builder.Property(v => v.Description).HasMaxLength(4000);
        builder.Property(v => v.Metrics).HasMaxLength(64 * 1024);
        builder.HasOne<Model>().WithMany().HasForeignKey(v => v.ModelId).OnDelete(DeleteBehavior.Cascade);
    }
}
