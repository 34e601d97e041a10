using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.Models;

internal sealed class ModelTagConfiguration : IEntityTypeConfiguration<ModelTag>
{
    public void Configure(EntityTypeBuilder<ModelTag> builder)
    {
        builder.ToTable("model_tags");
        builder.HasKey(t => new { t.ModelId, t.Name });
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.HasOne<Model>().WithMany().HasForeignKey(t => t.ModelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ModelVersion>().WithMany().HasForeignKey(t => t.ModelVersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
