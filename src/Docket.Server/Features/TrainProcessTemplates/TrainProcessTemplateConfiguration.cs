using Docket.Server.Features.ModelTemplates;
using Docket.Server.Features.ModelTypes;
using Docket.Server.Features.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.TrainProcessTemplates;

internal sealed class TrainProcessTemplateConfiguration : IEntityTypeConfiguration<TrainProcessTemplate>
{
    public void Configure(EntityTypeBuilder<TrainProcessTemplate> builder)
    {
        // Named here, not by a DbSet: the context knows no area (docs/architecture.md).
        builder.ToTable("train_process_templates");
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.Property(t => t.NormalizedName).HasMaxLength(200);
        builder.Property(t => t.Description).HasMaxLength(4000);
        builder.Property(t => t.Device).HasConversion<string>().HasMaxLength(10);
        builder.HasIndex(t => new { t.TenantId, t.NormalizedName }).IsUnique();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ModelType>().WithMany().HasForeignKey(t => t.ModelTypeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ModelTemplate>().WithMany().HasForeignKey(t => t.ModelTemplateId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(t => t.ConcurrencyStamp).IsConcurrencyToken();
    }
}
