using Docket.Contracts.Users;

namespace Docket.Server.Features.Users;

/// <summary>The user contract made from the stored user: the contracts assembly cannot know the entity.</summary>
public static class UserResponses
{
    extension(UserResponse)
    {
        public static UserResponse From(User u) => new(
            u.Id, u.TenantId, u.Login, u.DisplayName, u.Email, u.IsServiceAccount, u.IsBlocked, u.LockedUntil, u.MustChangePassword,
            u.PasswordChangedAt, u.LastLoginAt, u.CreatedAt, [.. u.Roles.Select(r => r.RoleId)],
            Common.ETags.From(u.ConcurrencyStamp));
    }
}
