using Docket.Server.Features.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.Images;

internal sealed class ImageDataConfiguration : IEntityTypeConfiguration<ImageData>
{
    public void Configure(EntityTypeBuilder<ImageData> builder)
    {
        // Named here, not by a DbSet: the context knows no area (docs/architecture.md).
        builder.ToTable("images");
        builder.Property(i => i.Name).HasMaxLength(400);
        builder.Property(i => i.OriginalName).HasMaxLength(400);
        builder.Property(i => i.ContentType).HasMaxLength(100);
        builder.Property(i => i.PageContentType).HasMaxLength(100);
        builder.Property(i => i.Sha256).HasMaxLength(64);
        builder.Property(i => i.PageBlob).HasMaxLength(64);
        builder.Property(i => i.ThumbnailBlob).HasMaxLength(64);
        builder.Property(i => i.OperationKey).HasMaxLength(100);
        builder.Property(i => i.ConcurrencyStamp).IsConcurrencyToken();

        // The same content uploaded twice, even at once, is one image: the second insert loses the race here.
        builder.HasIndex(i => new { i.ProjectId, i.Sha256, i.PageNumber }).IsUnique();
        builder.HasIndex(i => new { i.ProjectId, i.Id });
        builder.HasIndex(i => i.Sha256);
        builder.HasIndex(i => i.PageBlob);
        builder.HasIndex(i => i.ThumbnailBlob);
        builder.HasOne<Project>().WithMany().HasForeignKey(i => i.ProjectId).OnDelete(DeleteBehavior.Restrict);
    }
}
