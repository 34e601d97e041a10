using Docket.Server.Security;


namespace Docket.Server.Features.Roles;

/// <summary>The rights a role grants on one kind of object.</summary>
public sealed class RolePermission
{
    public required Guid RoleId { get; init; }
    public required ObjectKind Kind { get; init; }
    public required Rights Rights { get; set; }
}
