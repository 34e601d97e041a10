using Docket.Server.Features.MarkingSchemes;
using Docket.Server.Features.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.DataSets;

internal sealed class DataSetConfiguration : IEntityTypeConfiguration<DataSet>
{
    public void Configure(EntityTypeBuilder<DataSet> builder)
    {
        // Named here, not by a DbSet: the context knows no area (docs/architecture.md).
        builder.ToTable("data_sets");
        builder.Property(d => d.Name).HasMaxLength(200);
        builder.Property(d => d.NormalizedName).HasMaxLength(200);
        builder.Property(d => d.Description).HasMaxLength(4000);
        builder.Property(d => d.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(d => new { d.ProjectId, d.NormalizedName }).IsUnique();
        builder.HasOne<Project>().WithMany().HasForeignKey(d => d.ProjectId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MarkingScheme>().WithMany().HasForeignKey(d => d.SchemeId).OnDelete(DeleteBehavior.Restrict);
    }
}
