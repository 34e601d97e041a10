using Docket.Server.Features.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.Scripts;

internal sealed class ScriptConfiguration : IEntityTypeConfiguration<Script>
{
    public void Configure(EntityTypeBuilder<Script> builder)
    {
        // Named here, not by a DbSet: the context knows no area (docs/architecture.md).
        builder.ToTable("scripts");
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.NormalizedName).HasMaxLength(200);
        builder.Property(s => s.Engine).HasMaxLength(200);
        builder.Property(s => s.Description).HasMaxLength(4000);
        builder.Property(s => s.PackageBlob).HasMaxLength(64);
        builder.Property(s => s.PackageScripts).HasMaxLength(200);
        builder.HasIndex(s => new { s.TenantId, s.NormalizedName }).IsUnique();
        builder.HasIndex(s => s.PackageBlob);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.ConcurrencyStamp).IsConcurrencyToken();
    }
}
