using Docket.Server.Features.MarkingSchemes;
using Docket.Server.Features.Models;
using Docket.Server.Features.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.InferenceProcessTemplates;

internal sealed class InferenceProcessTemplateConfiguration : IEntityTypeConfiguration<InferenceProcessTemplate>
{
    public void Configure(EntityTypeBuilder<InferenceProcessTemplate> builder)
    {
        // Named here, not by a DbSet: the context knows no area (docs/architecture.md).
        builder.ToTable("inference_process_templates");
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.Property(t => t.NormalizedName).HasMaxLength(200);
        builder.Property(t => t.Description).HasMaxLength(4000);
        builder.Property(t => t.ModelTag).HasMaxLength(100);
        builder.HasIndex(t => new { t.TenantId, t.NormalizedName }).IsUnique();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Restrict);

        // Restrict, not cascade: removing a model or scheme a template uses is refused by the areas' removal checks
        // with a 409 that says why; the keys are the last guard against a race between the check and the removal.
        builder.HasOne<Model>().WithMany().HasForeignKey(t => t.ModelId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MarkingScheme>().WithMany().HasForeignKey(t => t.MarkingSchemeId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(t => t.ConcurrencyStamp).IsConcurrencyToken();
    }
}
