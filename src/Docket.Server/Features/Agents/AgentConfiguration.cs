using Docket.Server.Features.ApiKeys;
using Docket.Server.Features.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.Agents;

internal sealed class AgentConfiguration : IEntityTypeConfiguration<Agent>
{
    public void Configure(EntityTypeBuilder<Agent> builder)
    {
        // Named here, not by a DbSet: the context knows no area (docs/architecture.md).
        builder.ToTable("agents");
        builder.Property(a => a.Name).HasMaxLength(200);
        builder.Property(a => a.NormalizedName).HasMaxLength(200);
        builder.Property(a => a.Description).HasMaxLength(4000);
        builder.Property(a => a.AgentVersion).HasMaxLength(100);
        builder.Property(a => a.HostName).HasMaxLength(255);
        builder.Property(a => a.OperatingSystem).HasMaxLength(200);
        builder.Property(a => a.Gpus).HasMaxLength(4000);
        builder.HasIndex(a => new { a.TenantId, a.NormalizedName }).IsUnique();
        builder.HasIndex(a => a.ApiKeyId).IsUnique();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(a => a.TenantId).OnDelete(DeleteBehavior.Restrict);

        // The key is the ApiKeys area's row: when it goes (with its user), the agent stays, keyless, until given a new one.
        builder.HasOne<ApiKey>().WithMany().HasForeignKey(a => a.ApiKeyId).OnDelete(DeleteBehavior.SetNull);
        builder.Property(a => a.ConcurrencyStamp).IsConcurrencyToken();
    }
}
