namespace Docket.Contracts.Users;

/// <summary>A user as the API shows it: never the password hash.</summary>
public sealed record UserResponse(
    Guid Id,
    Guid TenantId,
    string Login,
    string? DisplayName,
    string? Email,
    bool IsServiceAccount,
    bool IsBlocked,
    DateTime? LockedUntil,
    bool MustChangePassword,
    DateTime? PasswordChangedAt,
    DateTime? LastLoginAt,
    DateTime CreatedAt,
    IReadOnlyList<Guid> RoleIds,
    string ETag);
