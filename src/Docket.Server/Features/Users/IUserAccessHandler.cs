namespace Docket.Server.Features.Users;

/// <summary>
/// Told, before the change is saved, when what lets a user in changes. The sign-in area (Identity) keeps the sessions and
/// the lockouts and ends or forgets them itself: users announce, they do not reach into those tables
/// (docs/architecture.md, "Crossing areas"). What a handler tracks is saved with the change, in its transaction.
/// </summary>
public interface IUserAccessHandler
{
    /// <summary>A new password, set by the user or for them: sessions opened with the old one end, lockouts are forgiven.</summary>
    Task PasswordSetAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>Blocked by an administrator: otherwise an unblock would bring the old sessions back.</summary>
    Task BlockedAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>Unblocked by an administrator: every address's lockout ends too.</summary>
    Task UnblockedAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>A role taken away: a session must not outlive the rights it was opened with.</summary>
    Task RolesWithdrawnAsync(Guid userId, CancellationToken cancellationToken);
}
