using Docket.Server.Features.ModelTypes;
using Docket.Server.Features.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.ModelTemplates;

internal sealed class ModelTemplateConfiguration : IEntityTypeConfiguration<ModelTemplate>
{
    public void Configure(EntityTypeBuilder<ModelTemplate> builder)
    {
        // Named here, not by a DbSet: the context knows no area (docs/architecture.md).
        builder.ToTable("model_templates");
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.Property(t => t.NormalizedName).HasMaxLength(200);
        builder.Property(t => t.Description).HasMaxLength(4000);
        builder.Property(t => t.PackageBlob).HasMaxLength(64);
        builder.HasIndex(t => new { t.TenantId, t.NormalizedName }).IsUnique();
        builder.HasIndex(t => t.PackageBlob);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ModelType>().WithMany().HasForeignKey(t => t.ModelTypeId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(t => t.ConcurrencyStamp).IsConcurrencyToken();
    }
}
