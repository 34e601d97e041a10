using Docket.Server.Features.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.MarkingSchemes;

internal sealed class MarkingSchemeConfiguration : IEntityTypeConfiguration<MarkingScheme>
{
    public void Configure(EntityTypeBuilder<MarkingScheme> builder)
    {
        // Named here, not by a DbSet: the context knows no area (docs/architecture.md).
        builder.ToTable("marking_schemes");
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.NormalizedName).HasMaxLength(200);
        builder.Property(s => s.Description).HasMaxLength(4000);
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(s => new { s.ProjectId, s.NormalizedName }).IsUnique();
        builder.HasOne<Project>().WithMany().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Fields).WithOne().HasForeignKey(f => f.SchemeId).OnDelete(DeleteBehavior.Cascade);
    }
}
