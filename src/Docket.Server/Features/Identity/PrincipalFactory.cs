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
/// disabled tenants, revoked or expired credentials get no principal. It runs on every authenticated request: the
/// key, the user with their roles, the tenant and the roles' rights are one query each, asked of the areas that own them.
/// </summary>
public sealed class PrincipalFactory(
    DocketDbContext db, ApiKeyCredentials keys, UserQueries users, TenantQueries tenants, RoleQueries roles, TimeProvider time) : ICredentialStore
{
    public const string SessionTokenPrefix = "dks_";

    public async Task<ClaimsPrincipal?> FromCredentialAsync(string credential, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var hash = Secrets.HashToken(credential);
        if (credential.StartsWith(ApiKey.TokenPrefix, StringComparison.Ordinal))
        {
            var key = await keys.FindBySecretHashAsync(hash, cancellationToken);
            // An agent's key opens its agent's stream only (ApiKey.ForAgent), never the HTTP API.
            if (key is null || key.ForAgent || key.RevokedAt is not null || (key.ExpiresAt is { } expires && expires <= now))
            {
                return null;
            }

            await keys.NoteUseAsync(key, now, cancellationToken);
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
            var key = await keys.FindAsync(keyId, cancellationToken);
            return key is null || key.ForAgent || key.RevokedAt is not null || (key.ExpiresAt is { } expires && expires <= now)
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
        var user = await users.FindAsync(userId, cancellationToken);
        if (user is null || user.IsBlocked)
        {
            return null;
        }

        var tenant = await tenants.FindAsync(user.TenantId, cancellationToken);
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
        foreach (var (kind, rights) in await roles.EffectiveRightsAsync([.. user.Roles.Select(r => r.RoleId)], cancellationToken))
        {
            claims.Add(new Claim(DocketClaims.Right, string.Create(CultureInfo.InvariantCulture, $"{kind}:{(int)rights}")));
        }

        if (user.Roles.Any(r => r.RoleId == Role.AdministratorId))
        {
            claims.Add(new Claim(DocketClaims.Administrator, "true"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, DocketClaims.Scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
