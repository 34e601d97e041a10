using Docket.Server.Features.Tenants;
using Docket.Server.Security;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Roles;

internal sealed class RoleConfiguration : IEntityTypeConfiguration<Role>
{
    public void Configure(EntityTypeBuilder<Role> builder)
    {
        // Named here, not by a DbSet: the context knows no area (docs/architecture.md).
        builder.ToTable("roles");
        builder.Property(r => r.Name).HasMaxLength(200);
        builder.Property(r => r.NormalizedName).HasMaxLength(200);
        builder.Property(r => r.Description).HasMaxLength(2000);
        builder.HasIndex(r => new { r.TenantId, r.NormalizedName }).IsUnique();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Permissions).WithOne().HasForeignKey(p => p.RoleId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.ConcurrencyStamp).IsConcurrencyToken();
        var created = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        builder.HasData(
            new Role
            {
                Id = Role.AdministratorId, Name = Role.AdministratorName, NormalizedName = Role.AdministratorName.ToUpperInvariant(),
                Description = "All rights in every tenant.", IsBuiltIn = true, CreatedAt = created,
                ConcurrencyStamp = Role.AdministratorId,
            },
            new Role
            {
                Id = Role.TenantAdministratorId, Name = Role.TenantAdministratorName, NormalizedName = Role.TenantAdministratorName.ToUpperInvariant(),
                Description = "All rights in the user's own tenant.", IsBuiltIn = true, CreatedAt = created,
                ConcurrencyStamp = Role.TenantAdministratorId,
            });
    }
}

internal sealed class RolePermissionConfiguration : IEntityTypeConfiguration<RolePermission>
{
    public void Configure(EntityTypeBuilder<RolePermission> builder)
    {
        builder.ToTable("role_permissions");
        builder.HasKey(p => new { p.RoleId, p.Kind });
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(50);
        builder.Property(p => p.Rights).HasConversion<int>();
    }
}
