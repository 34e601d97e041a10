using Docket.Server.Common;
using Docket.Server.Security;


namespace Docket.Server.Features.Roles;

public sealed record RoleResponse(
    Guid Id, Guid? TenantId, string Name, string? Description, bool IsBuiltIn, IReadOnlyList<PermissionDto> Permissions, string ETag)
{
    public static RoleResponse From(Role r) => new(
        r.Id, r.TenantId, r.Name, r.Description, r.IsBuiltIn,
        [.. r.Permissions.OrderBy(p => p.Kind).Select(p => new PermissionDto(p.Kind.ToString(), RightNames.ToNames(p.Rights)))],
        Common.ETags.From(r.ConcurrencyStamp));
}
