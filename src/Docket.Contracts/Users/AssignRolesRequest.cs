namespace Docket.Contracts.Users;

public sealed record AssignRolesRequest
{
    public required IReadOnlyList<Guid> RoleIds { get; init; }
}
