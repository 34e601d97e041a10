using System.Security.Claims;
using Docket.Events;
using Docket.Server.Features.Tenants;
using Docket.Server.Features.Users;
using Docket.Server.Hosting;
using Docket.Server.Journal;
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
    PasswordPolicy policy,
    OperationContext operation,
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
        user.LastLoginAt = now;
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

        var user = check.Value!;
        var problems = policy.Check(request.NewPassword);
        if (problems.Length == 0 && request.NewPassword == request.CurrentPassword)
        {
            problems = ["must differ from the current password."];
        }

        if (problems.Length > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            return ApiError.Invalid(new Dictionary<string, string[]> { ["newPassword"] = problems });
        }

        SetPassword(user, request.NewPassword, mustChange: false);
        await EndSessionsAsync(user.Id, cancellationToken);
        journal.Record(EventCode.UserPasswordChanged, Subject(user, "Changed by the user."));
        await db.SaveChangesAsync(cancellationToken);
        signals.Announce(user.Id);
        return null;
    }

    /// <summary>
    /// Ends every open session of the user: a token or cookie issued before a password change, a block or a role
    /// removed must not outlive it (whoever held it signs in again). The sessions are tracked, so the caller's save
    /// ends them in the same transaction as the change.
    /// </summary>
    public async Task EndSessionsAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var open = await db.Sessions.Where(s => s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now).ToListAsync(cancellationToken);
        foreach (var session in open)
        {
            session.RevokedAt = now;
        }
    }

    /// <summary>Sets a new password hash. The caller ends the sessions, records 9004 and saves.</summary>
    public void SetPassword(User user, string password, bool mustChange)
    {
        user.PasswordHash = hasher.Hash(password);
        user.PasswordChangedAt = time.GetUtcNow().UtcDateTime;
        user.MustChangePassword = mustChange;
        user.FailedLoginCount = 0;
        user.LockedUntil = null;
    }

    /// <summary>
    /// Finds the user and checks the password, recording the refusal and counting toward lockout. On success the
    /// user is tracked with its failure count reset; the caller saves.
    /// </summary>
    private async Task<Result<User>> CheckCredentialsAsync(string? tenantName, string login, string password, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var normalizedTenant = TextRules.Normalize(string.IsNullOrWhiteSpace(tenantName) ? options.Value.Administrator.Tenant : tenantName.Trim());
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.NormalizedName == normalizedTenant, cancellationToken);
        var normalizedLogin = TextRules.Normalize(login.Trim());
        var user = tenant is null
            ? null
            : await db.Users.FirstOrDefaultAsync(u => u.TenantId == tenant.Id && u.NormalizedLogin == normalizedLogin, cancellationToken);

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

        if (user.IsBlocked || user.LockedUntil > now)
        {
            hasher.Verify(null, password);
            await journal.RecordNowAsync(EventCode.LoginUserLocked,
                Subject(user, user.IsBlocked ? "The user is blocked." : $"The user is locked out until {user.LockedUntil:O}."), cancellationToken);
            return InvalidCredentials;
        }

        var verification = hasher.Verify(user.PasswordHash, password);
        if (verification == PasswordVerification.Failed)
        {
            user.FailedLoginCount++;
            journal.Record(EventCode.LoginUserUnauthorized,
                Subject(user, $"Wrong password (failure {user.FailedLoginCount} of {options.Value.Lockout.MaxFailedAttempts})."));
            if (user.FailedLoginCount >= options.Value.Lockout.MaxFailedAttempts)
            {
                user.LockedUntil = now + options.Value.Lockout.Duration;
                user.FailedLoginCount = 0;
                journal.Record(EventCode.UserDisabled,
                    Subject(user, $"Locked out until {user.LockedUntil:O} after {options.Value.Lockout.MaxFailedAttempts} failed logins."));
            }

            await db.SaveChangesAsync(cancellationToken);
            return InvalidCredentials;
        }

        if (verification == PasswordVerification.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.Hash(password);
        }

        user.FailedLoginCount = 0;
        user.LockedUntil = null;
        operation.TenantId = user.TenantId;
        operation.UserId = user.Id;
        operation.UserLogin = user.Login;
        return user;
    }

    private bool IsExpired(User user, DateTime now) =>
        options.Value.Password.ExpiryDays > 0
        && (user.PasswordChangedAt ?? user.CreatedAt).AddDays(options.Value.Password.ExpiryDays) <= now;

    private static JournalEvent Subject(User user, string? text) => new()
    {
        TenantId = user.TenantId,
        UserId = user.Id,
        UserLogin = user.Login,
        EntityKind = nameof(User),
        EntityId = user.Id.ToString(),
        Text = text,
    };

    private static string? Truncate(string? value) => value is { Length: > 200 } ? value[..200] : value;
}
