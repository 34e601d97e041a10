namespace Docket.Server.Features.Users;

/// <summary>A person or a service account (robot, agent) of one tenant.</summary>
public sealed class User
{
    public required Guid Id { get; init; }
    public required Guid TenantId { get; init; }
    public required string Login { get; set; }
    public required string NormalizedLogin { get; set; }
    public string? DisplayName { get; set; }
    public string? Email { get; set; }

    /// <summary>Service accounts never log in with a password; they act through API keys.</summary>
    public bool IsServiceAccount { get; init; }

    /// <summary>Null for service accounts. Format: see <c>PasswordHasher</c>.</summary>
    public string? PasswordHash { get; set; }
    public bool MustChangePassword { get; set; }
    public DateTime? PasswordChangedAt { get; set; }

    /// <summary>Blocked by an administrator (9006/9005); unlike a lockout it does not end by itself.</summary>
    public bool IsBlocked { get; set; }

    /// <summary>
    /// The end of the latest lockout of a client address after failed logins, for operators to see; the account stays
    /// open to other addresses (the lockouts themselves are <c>LoginLockout</c>s). An unblock or a new password ends them.
    /// </summary>
    public DateTime? LockedUntil { get; set; }
    public DateTime? LastLoginAt { get; set; }
    public required DateTime CreatedAt { get; init; }
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public List<UserRole> Roles { get; init; } = [];
}
