using System.Security.Claims;
using Docket.Contracts.Identity;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Features.Tenants;
using Docket.Server.Features.Users;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Identity;

/// <summary>
/// Login, logout and password change. Every refusal looks the same to the caller (no hint whether the user
/// exists) while the journal records exactly why: 2002, 2003, 2004, 2008.
/// </summary>
public sealed class AuthService(
    DocketDbContext db,
    IJournal journal,
    PasswordHasher hasher,
    UserQueries userQueries,
    UserService users,
    TenantQueries tenants,
    OperationContext operation,
    LockoutCounter lockouts,
    CredentialSignals signals,
    IOptions<IdentityOptions> options,
    TimeProvider time)
{
    public static readonly ApiError InvalidCredentials = new(
        StatusCodes.Status401Unauthorized, "Login failed", "The login, password or tenant is wrong, or the account may not sign in.");

    public static readonly ApiError PasswordChangeRequired = new(
        StatusCodes.Status403Forbidden, "Password change required",
        "The password must be changed before signing in: POST /api/v1/auth/password.");

    public static readonly ApiError PasswordExpired = new(
        StatusCodes.Status403Forbidden, "Password expired",
        "The password has expired and must be changed: POST /api/v1/auth/password.");

    public async Task<Result<LoginResponse>> LoginAsync(LoginRequest request, CancellationToken cancellationToken)
    {
        var check = await CheckCredentialsAsync(request.Tenant, request.Login, request.Password, cancellationToken);
        if (check.Error is not null)
        {
            return check.Error;
        }

        var user = check.Value!;
        var now = time.GetUtcNow().UtcDateTime;
        if (user.MustChangePassword)
        {
            await db.SaveChangesAsync(cancellationToken);
            return PasswordChangeRequired;
        }

        if (IsExpired(user, now))
        {
            await journal.RecordNowAsync(EventCode.LoginUserExpired, Subject(user, "The password has expired."), cancellationToken);
            return PasswordExpired;
        }

        var token = Secrets.NewToken(PrincipalFactory.SessionTokenPrefix);
        var session = new Session
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            UserId = user.Id,
            TenantId = user.TenantId,
            TokenHash = Secrets.HashToken(token),
            CreatedAt = now,
            ExpiresAt = now + options.Value.SessionLifetime,
            ClientIp = operation.ClientIp,
        };
        db.Sessions.Add(session);
        UserService.NoteSignIn(user, now);
        journal.Record(EventCode.Login, Subject(user, null));
        await db.SaveChangesAsync(cancellationToken);
        return new LoginResponse(token, session.ExpiresAt, user.Id, user.TenantId);
    }

    public async Task LogoutAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(principal.FindFirst(DocketClaims.SessionId)?.Value, out var sessionId))
        {
            var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
            if (session is not null && session.RevokedAt is null)
            {
                session.RevokedAt = time.GetUtcNow().UtcDateTime;
            }
        }

        journal.Record(EventCode.LogOut);
        await db.SaveChangesAsync(cancellationToken);
        signals.Announce(principal.GetUserId());
    }

    public async Task<ApiError?> ChangePasswordAsync(ChangePasswordRequest request, CancellationToken cancellationToken)
    {
        var check = await CheckCredentialsAsync(request.Tenant, request.Login, request.CurrentPassword, cancellationToken);
        if (check.Error is not null)
        {
            return check.Error;
        }

        // The password is the user's: their area sets it, records 9004 and tells this one to end the sessions.
        return await users.ChangeOwnPasswordAsync(check.Value!, request.CurrentPassword, request.NewPassword, cancellationToken);
    }

    /// <summary>Tenant and login as they are looked up (and as sign-in limits are kept): trimmed, normalized, the default tenant when none is named.</summary>
    public (string Tenant, string Login) Normalize(string? tenantName, string? login) =>
        (TextRules.Normalize(string.IsNullOrWhiteSpace(tenantName) ? options.Value.Administrator.Tenant : tenantName.Trim()),
            TextRules.Normalize((login ?? string.Empty).Trim()));

    /// <summary>
    /// True when the login has signed in from the caller's address within <c>Identity:SignInLimits:KnownAddressLifetime</c>:
    /// the owner at a usual place, whom the per-login limit across addresses must not hold back.
    /// </summary>
    public async Task<bool> IsKnownAddressAsync(string normalizedTenant, string normalizedLogin, CancellationToken cancellationToken)
    {
        if (operation.ClientIp is not { } address)
        {
            return false;
        }

        var since = time.GetUtcNow().UtcDateTime - options.Value.SignInLimits.KnownAddressLifetime;
        // The user's id comes from a query the users area exports, composed into this one, so the lookup stays one statement.
        var userIds = userQueries.IdsWithLogin(normalizedTenant, normalizedLogin);
        return await db.Sessions.AsNoTracking().AnyAsync(
            s => s.ClientIp == address && s.CreatedAt > since && userIds.Contains(s.UserId),
            cancellationToken);
    }

    /// <summary>
    /// Finds the user and checks the password, recording the refusal and counting toward the lockout of the caller's
    /// address. On success the user is tracked (a rehash may be pending) and the address's count is forgotten; the
    /// caller saves.
    /// </summary>
    private async Task<Result<User>> CheckCredentialsAsync(string? tenantName, string login, string password, CancellationToken cancellationToken)
    {
        var (normalizedTenant, normalizedLogin) = Normalize(tenantName, login);
        var tenant = await tenants.FindByNameAsync(normalizedTenant, cancellationToken);
        var user = tenant is null ? null : await userQueries.FindForSignInAsync(tenant.Id, normalizedLogin, cancellationToken);

        if (tenant is null || !tenant.IsEnabled || user is null || user.IsServiceAccount)
        {
            hasher.Verify(null, password);
            await journal.RecordNowAsync(EventCode.LoginUserNotExist, new JournalEvent
            {
                TenantId = tenant?.Id,
                UserId = user?.Id,
                UserLogin = Truncate(login),
                EntityKind = nameof(User),
                Text = tenant is null ? $"No tenant named '{Truncate(tenantName)}'." :
                    !tenant.IsEnabled ? "The tenant is disabled." :
                    user is null ? "No such user in the tenant." : "Service accounts sign in with API keys only.",
            }, cancellationToken);
            return InvalidCredentials;
        }

        if (user.IsBlocked)
        {
            hasher.Verify(null, password);
            await journal.RecordNowAsync(EventCode.LoginUserLocked, Subject(user, "The user is blocked."), cancellationToken);
            return InvalidCredentials;
        }

        // The attempt is counted before the password is checked, so concurrent guesses cannot all be checked.
        var address = ClientAddress.Of(operation.ClientIp);
        if (await lockouts.TryCountAsync(user.Id, address, cancellationToken) is not { } attempt)
        {
            hasher.Verify(null, password);
            var until = await lockouts.LockedUntilAsync(user.Id, address, cancellationToken);
            await journal.RecordNowAsync(EventCode.LoginUserLocked,
                Subject(user, $"The user is locked out from {address} until {until:O}."), cancellationToken);
            return InvalidCredentials;
        }

        var verification = hasher.Verify(user.PasswordHash, password);
        if (verification == PasswordVerification.Failed)
        {
            var limit = options.Value.Lockout.MaxFailedAttempts;
            journal.Record(EventCode.LoginUserUnauthorized, Subject(user, $"Wrong password from {address} (failure {attempt} of {limit})."));
            if (attempt >= limit)
            {
                // Only the attempt that reached the limit gets here: 9006 is recorded once per lockout.
                var until = time.GetUtcNow().UtcDateTime + options.Value.Lockout.Duration;
                users.NoteLockout(user, until, $"Locked out from {address} until {until:O} after {limit} failed logins.");
            }

            await db.SaveChangesAsync(cancellationToken);
            return InvalidCredentials;
        }

        if (verification == PasswordVerification.SuccessRehashNeeded)
        {
            users.UpgradeHash(user, password);
        }

        await lockouts.ForgetAsync(user.Id, address, cancellationToken);
        operation.TenantId = user.TenantId;
        operation.UserId = user.Id;
        operation.UserLogin = user.Login;
        return user;
    }

    private bool IsExpired(User user, DateTime now) =>
        options.Value.Password.ExpiryDays > 0
        && (user.PasswordChangedAt ?? user.CreatedAt).AddDays(options.Value.Password.ExpiryDays) <= now;

    private static JournalEvent Subject(User user, string? text) => UserService.SignInSubject(user, text);

    private static string? Truncate(string? value) => value is { Length: > 200 } ? value[..200] : value;
}
