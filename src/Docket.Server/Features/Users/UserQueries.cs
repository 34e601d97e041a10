using Docket.Server.Features.Roles;
using Docket.Server.Features.Tenants;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Users;

/// <summary>
/// What other areas read of users: a user with their roles (every authenticated request asks, through the principal),
/// the account a login names, and the answers to the role and tenant areas' questions about the rows users keep.
/// </summary>
public sealed class UserQueries(DocketDbContext db, TenantQueries tenants) : IRoleHolders, ITenantRowHolder
{
    /// <summary>The user with their roles, untracked: to read, never to change.</summary>
    public Task<User?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().Include(u => u.Roles).FirstOrDefaultAsync(u => u.Id == id, cancellationToken);

    /// <summary>
    /// The account a login names in a tenant, tracked: what a sign-in changes on it (its last login, a lockout, an
    /// upgraded hash) goes through <see cref="UserService"/> and is saved with the sign-in.
    /// </summary>
    public Task<User?> FindForSignInAsync(Guid tenantId, string normalizedLogin, CancellationToken cancellationToken) =>
        db.Users.FirstOrDefaultAsync(u => u.TenantId == tenantId && u.NormalizedLogin == normalizedLogin, cancellationToken);

    /// <summary>The id of the user a login names in the tenant of that name, as a query to compose, so that a caller's lookup stays one statement.</summary>
    public IQueryable<Guid> IdsWithLogin(string normalizedTenant, string normalizedLogin)
    {
        var tenantIds = tenants.IdsNamed(normalizedTenant);
        return db.Users.Where(u => u.NormalizedLogin == normalizedLogin && tenantIds.Contains(u.TenantId)).Select(u => u.Id);
    }

    /// <summary>Whether there is any user at all: the administrator is seeded into an empty database only.</summary>
    /// <summary>The login of a user, or null when there is no such user (any more): to name who asked for background work.</summary>
    public Task<string?> LoginOfAsync(Guid id, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.Login).FirstOrDefaultAsync(cancellationToken);

    public Task<bool> AnyAsync(CancellationToken cancellationToken) => db.Users.AnyAsync(cancellationToken);

    public async Task<List<Guid>> HoldersOfAsync(Guid roleId, CancellationToken cancellationToken) =>
        await db.UserRoles.AsNoTracking().Where(r => r.RoleId == roleId).Select(r => r.UserId).ToListAsync(cancellationToken);

    public Task<bool> HoldsRowsOfAsync(Guid tenantId, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => u.TenantId == tenantId, cancellationToken);
}
