using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.MarkingSchemes;

internal sealed class MarkingFieldConfiguration : IEntityTypeConfiguration<MarkingField>
{
    public void Configure(EntityTypeBuilder<MarkingField> builder)
    {
        // Named here, not by a DbSet: the context knows no area (docs/architecture.md).
        builder.ToTable("marking_fields");
        builder.Property(f => f.Name).HasMaxLength(200);
        builder.Property(f => f.NormalizedName).HasMaxLength(200);
        builder.Property(f => f.Description).HasMaxLength(4000);
        builder.Property(f => f.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.Language).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.FormatPattern).HasMaxLength(1000);
        builder.HasIndex(f => new { f.SchemeId, f.NormalizedName }).IsUnique();
        builder.OwnsMany(f => f.Columns, columns =>
        {
            columns.ToJson("columns");
            columns.Property(c => c.Type).HasConversion<string>();
            columns.Property(c => c.Language).HasConversion<string>();
        });
    }
}
