using Docket.Server.Features.Images;
using Docket.Server.Features.MarkingSchemes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.Markings;

internal sealed class MarkingConfiguration : IEntityTypeConfiguration<Marking>
{
    public void Configure(EntityTypeBuilder<Marking> builder)
    {
        // Named here, not by a DbSet: the context knows no area (docs/architecture.md).
        builder.ToTable("markings");
        builder.Property(m => m.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(m => new { m.ImageId, m.SchemeId }).IsUnique();
        builder.HasIndex(m => new { m.SchemeId, m.Id });
        // Removing an image or a scheme removes its markings through the services, which record 11001 for each;
        // the database refuses a removal that went around them.
        builder.HasOne<ImageData>().WithMany().HasForeignKey(m => m.ImageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MarkingScheme>().WithMany().HasForeignKey(m => m.SchemeId).OnDelete(DeleteBehavior.Restrict);
    }
}
