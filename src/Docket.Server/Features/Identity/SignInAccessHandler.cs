using Docket.Server.Features.Users;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Identity;

/// <summary>
/// What sign-in does when a user's access changes (the users area tells it, before saving): it ends the user's sessions,
/// which the user's save then commits with the change, and forgets their failed logins.
/// </summary>
public sealed class SignInAccessHandler(DocketDbContext db, LockoutCounter lockouts, TimeProvider time) : IUserAccessHandler
{
    public async Task PasswordSetAsync(Guid userId, CancellationToken cancellationToken)
    {
        await EndSessionsAsync(userId, cancellationToken);
        await lockouts.ForgetAsync(userId, null, cancellationToken);
    }

    public Task BlockedAsync(Guid userId, CancellationToken cancellationToken) => EndSessionsAsync(userId, cancellationToken);

    public Task UnblockedAsync(Guid userId, CancellationToken cancellationToken) => lockouts.ForgetAsync(userId, null, cancellationToken);

    public Task RolesWithdrawnAsync(Guid userId, CancellationToken cancellationToken) => EndSessionsAsync(userId, cancellationToken);

    /// <summary>
    /// Ends every open session of the user: a token or cookie issued before a password change, a block or a role
    /// removed must not outlive it (whoever held it signs in again). The sessions are tracked, so the caller's save
    /// ends them in the same transaction as the change.
    /// </summary>
    private async Task EndSessionsAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var open = await db.Sessions.Where(s => s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now).ToListAsync(cancellationToken);
        foreach (var session in open)
        {
            session.RevokedAt = now;
        }
    }
}
