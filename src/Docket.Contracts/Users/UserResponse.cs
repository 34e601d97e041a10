using Docket.Server.Common;

namespace Docket.Server.Features.Users;

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
    string ETag)
{
    public static UserResponse From(User u) => new(
        u.Id, u.TenantId, u.Login, u.DisplayName, u.Email, u.IsServiceAccount, u.IsBlocked, u.LockedUntil, u.MustChangePassword,
        u.PasswordChangedAt, u.LastLoginAt, u.CreatedAt, [.. u.Roles.Select(r => r.RoleId)],
        Common.ETags.From(u.ConcurrencyStamp));

    // Times are stored in UTC, but SQLite gives them back without a kind, and JSON would then lose the zone.
}
