using Docket.Contracts.ModelTypes;
using Docket.Server.Features.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.ModelTypes;

internal sealed class ModelTypeConfiguration : IEntityTypeConfiguration<ModelType>
{
    public void Configure(EntityTypeBuilder<ModelType> builder)
    {
        // Named here, not by a DbSet: the context knows no area (docs/architecture.md).
        builder.ToTable("model_types");
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.Property(t => t.NormalizedName).HasMaxLength(200);
        builder.Property(t => t.Description).HasMaxLength(4000);
        builder.Property(t => t.Purpose).HasConversion<string>().HasMaxLength(40);
        builder.HasIndex(t => new { t.TenantId, t.NormalizedName }).IsUnique();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(t => t.ConcurrencyStamp).IsConcurrencyToken();
        var created = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        builder.HasData(
            BuiltIn(ModelType.FieldExtractionId, ModelPurpose.FieldExtraction, "Extracts the fields of a marking scheme from a document.", created),
            BuiltIn(ModelType.ClassificationId, ModelPurpose.Classification, "Tells which kind of document a page is.", created),
            BuiltIn(ModelType.FreeFormId, ModelPurpose.FreeForm, "Reads a page with no scheme: its text and whatever the engine finds.", created));
    }

    private static ModelType BuiltIn(Guid id, ModelPurpose purpose, string description, DateTime created) => new()
    {
        Id = id,
        Name = purpose.ToString(),
        NormalizedName = purpose.ToString().ToUpperInvariant(),
        Purpose = purpose,
        Description = description,
        IsBuiltIn = true,
        CreatedAt = created,
        UpdatedAt = created,
        ConcurrencyStamp = id,
    };
}
