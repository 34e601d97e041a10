using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Roles;

/// <summary>
/// What other areas read of roles: the rights a set of roles grants (every authenticated request asks, through the
/// principal), which roles a tenant's user may hold, and their names for the journal.
/// </summary>
public sealed class RoleQueries(DocketDbContext db)
{
    /// <summary>The OR of the rights of all the roles: the widest right wins.</summary>
    public async Task<Dictionary<ObjectKind, Rights>> EffectiveRightsAsync(IReadOnlyCollection<Guid> roleIds, CancellationToken cancellationToken)
    {
        var rights = new Dictionary<ObjectKind, Rights>();
        if (roleIds.Contains(Role.AdministratorId) || roleIds.Contains(Role.TenantAdministratorId))
        {
            foreach (var kind in Enum.GetValues<ObjectKind>())
            {
                // Tenants are managed by the cross-tenant Administrator only.
                rights[kind] = kind == ObjectKind.Tenant && !roleIds.Contains(Role.AdministratorId) ? Rights.View : Rights.All;
            }

            return rights;
        }

        var permissions = await db.RolePermissions.AsNoTracking()
            .Where(p => roleIds.Contains(p.RoleId))
            .ToListAsync(cancellationToken);
        foreach (var permission in permissions)
        {
            rights[permission.Kind] = rights.GetValueOrDefault(permission.Kind) | permission.Rights;
        }

        return rights;
    }

    /// <summary>Those of <paramref name="roleIds"/> that a user of <paramref name="tenantId"/> may hold: built-in, or the tenant's own.</summary>
    public async Task<List<Guid>> HoldableInAsync(Guid tenantId, IReadOnlyCollection<Guid> roleIds, CancellationToken cancellationToken) =>
        await db.Roles.AsNoTracking()
            .Where(r => roleIds.Contains(r.Id) && (r.TenantId == null || r.TenantId == tenantId))
            .Select(r => r.Id)
            .ToListAsync(cancellationToken);

    public async Task<List<string>> NamesAsync(IReadOnlyCollection<Guid> roleIds, CancellationToken cancellationToken) =>
        await db.Roles.AsNoTracking().Where(r => roleIds.Contains(r.Id)).Select(r => r.Name).ToListAsync(cancellationToken);
}
