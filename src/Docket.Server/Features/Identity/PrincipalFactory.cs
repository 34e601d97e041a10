using System.Globalization;
using System.Security.Claims;
using Docket.Server.Features.ApiKeys;
using Docket.Server.Features.Roles;
using Docket.Server.Features.Tenants;
using Docket.Server.Features.Users;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Identity;

/// <summary>
/// Turns a session token or API key into a principal carrying the user's combined rights. Blocked users,
/// disabled tenants, revoked or expired credentials get no principal.
/// </summary>
public sealed class PrincipalFactory(DocketDbContext db, TimeProvider time) : ICredentialStore
{
    public const string SessionTokenPrefix = "dks_";
    public const string ApiKeyPrefix = "dkk_";

    public async Task<ClaimsPrincipal?> FromCredentialAsync(string credential, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var hash = Secrets.HashToken(credential);
        if (credential.StartsWith(ApiKeyPrefix, StringComparison.Ordinal))
        {
            var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.SecretHash == hash, cancellationToken);
            if (key is null || key.RevokedAt is not null || (key.ExpiresAt is { } expires && expires <= now))
            {
                return null;
            }

            // Last use is a hint for operators, so it is written at most once a minute per key.
            if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
            {
                await db.ApiKeys.Where(k => k.Id == key.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
            }

            return await ForUserAsync(key.UserId, new Claim(DocketClaims.ApiKeyId, key.Id.ToString()), cancellationToken);
        }

        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.TokenHash == hash, cancellationToken);
        if (session is null || session.RevokedAt is not null || session.ExpiresAt <= now)
        {
            return null;
        }

        return await ForUserAsync(session.UserId, new Claim(DocketClaims.SessionId, session.Id.ToString()), cancellationToken);
    }

    /// <summary>
    /// The principal the credential behind <paramref name="principal"/> gives now, found by its session or key id:
    /// null once that credential is revoked or expired, or its user blocked or tenant disabled. For long-lived
    /// streams, which must not outlive the right they were opened with.
    /// </summary>
    public async Task<ClaimsPrincipal?> RevalidateAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (Guid.TryParse(principal.FindFirstValue(DocketClaims.ApiKeyId), out var keyId))
        {
            var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == keyId, cancellationToken);
            return key is null || key.RevokedAt is not null || (key.ExpiresAt is { } expires && expires <= now)
                ? null
                : await ForUserAsync(key.UserId, new Claim(DocketClaims.ApiKeyId, key.Id.ToString()), cancellationToken);
        }

        if (Guid.TryParse(principal.FindFirstValue(DocketClaims.SessionId), out var sessionId))
        {
            var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
            return session is null || session.RevokedAt is not null || session.ExpiresAt <= now
                ? null
                : await ForUserAsync(session.UserId, new Claim(DocketClaims.SessionId, session.Id.ToString()), cancellationToken);
        }

        return null;
    }

    private async Task<ClaimsPrincipal?> ForUserAsync(Guid userId, Claim credentialClaim, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().Include(u => u.Roles).FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null || user.IsBlocked)
        {
            return null;
        }

        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == user.TenantId, cancellationToken);
        if (tenant is null || !tenant.IsEnabled)
        {
            return null;
        }

        var claims = new List<Claim>
        {
            new(DocketClaims.UserId, user.Id.ToString()),
            new(DocketClaims.TenantId, user.TenantId.ToString()),
            new(DocketClaims.Login, user.Login),
            new(ClaimTypes.Name, user.Login),
            credentialClaim,
        };
        foreach (var (kind, rights) in await EffectiveRightsAsync([.. user.Roles.Select(r => r.RoleId)], cancellationToken))
        {
            claims.Add(new Claim(DocketClaims.Right, string.Create(CultureInfo.InvariantCulture, $"{kind}:{(int)rights}")));
        }

        if (user.Roles.Any(r => r.RoleId == Role.AdministratorId))
        {
            claims.Add(new Claim(DocketClaims.Administrator, "true"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, DocketClaims.Scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The OR of the rights of all the user's roles: the widest right wins.</summary>
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
}
