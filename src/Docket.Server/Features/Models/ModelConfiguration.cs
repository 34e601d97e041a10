using Docket.Server.Features.ModelTypes;
using Docket.Server.Features.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.Models;

internal sealed class ModelConfiguration : IEntityTypeConfiguration<Model>
{
    public void Configure(EntityTypeBuilder<Model> builder)
    {
        // Named here, not by a DbSet: the context knows no area (docs/architecture.md).
        builder.ToTable("models");
        builder.Property(m => m.Name).HasMaxLength(200);
        builder.Property(m => m.NormalizedName).HasMaxLength(200);
        builder.Property(m => m.Description).HasMaxLength(4000);
        builder.HasIndex(m => new { m.TenantId, m.NormalizedName }).IsUnique();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(m => m.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ModelType>().WithMany().HasForeignKey(m => m.ModelTypeId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(m => m.ConcurrencyStamp).IsConcurrencyToken();
    }
}
