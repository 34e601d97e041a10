namespace Docket.Server.Features.Identity;

/// <summary>
/// Failed logins of one user from one client address (see <see cref="ClientAddress"/>). At
/// <c>Identity:Lockout:MaxFailedAttempts</c> that address is locked out of the account for <c>Identity:Lockout:Duration</c>
/// after the last attempt; other addresses are not, so a stranger who knows a login cannot lock its owner out.
/// </summary>
public sealed class LoginLockout
{
    public required Guid UserId { get; init; }
    public required string ClientAddress { get; init; }

    /// <summary>Attempts not yet proven right: counted before the password is checked, forgotten when it is right.</summary>
    public int FailedCount { get; set; }

    /// <summary>The last counted attempt. A count this old (one lockout duration) starts over.</summary>
    public DateTime LastFailureAt { get; set; }
}
