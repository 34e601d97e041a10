namespace Docket.Server.Features.Users;

/// <summary>A role given to a user.</summary>
public sealed class UserRole
{
    public required Guid UserId { get; init; }
    public required Guid RoleId { get; init; }
}
