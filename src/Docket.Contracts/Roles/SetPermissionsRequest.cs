namespace Docket.Server.Features.Roles;

public sealed record SetPermissionsRequest
{
    public required IReadOnlyList<PermissionDto> Permissions { get; init; }
}
