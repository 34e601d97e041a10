namespace Docket.Server.Features.Users;

public sealed record AssignRolesRequest
{
    public required IReadOnlyList<Guid> RoleIds { get; init; }
}
