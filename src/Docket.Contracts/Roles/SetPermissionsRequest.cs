namespace Docket.Contracts.Roles;

public sealed record SetPermissionsRequest
{
    public required IReadOnlyList<PermissionDto> Permissions { get; init; }
}
