using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Export;

internal sealed class ExportSubscriptionConfiguration : IEntityTypeConfiguration<ExportSubscription>
{
    public void Configure(EntityTypeBuilder<ExportSubscription> builder)
    {
        // Named here, not by a DbSet: the context knows no area (docs/architecture.md).
        builder.ToTable("export_subscriptions");
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.NormalizedName).HasMaxLength(200);
        builder.HasIndex(s => new { s.TenantId, s.NormalizedName }).IsUnique();
        builder.Property(s => s.Sink).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.Profile).HasMaxLength(64);
        builder.Property(s => s.LeaseOwner).HasMaxLength(200);
        builder.Property(s => s.LastError).HasMaxLength(2000);
        // The foreign key to the tenant is the tenants area's (ITenantOwned): export knows no area.
        builder.Property(s => s.ConcurrencyStamp).IsConcurrencyToken();
    }
}
