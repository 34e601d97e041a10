using Docket.Contracts.Roles;
using Docket.Server.Security;

namespace Docket.Server.Features.Roles;

/// <summary>The role contract made from the stored role: rights by name, kinds in order.</summary>
public static class RoleResponses
{
    extension(RoleResponse)
    {
        public static RoleResponse From(Role r) => new(
            r.Id, r.TenantId, r.Name, r.Description, r.IsBuiltIn,
            [.. r.Permissions.OrderBy(p => p.Kind).Select(p => new PermissionDto(p.Kind.ToString(), RightNames.ToNames(p.Rights)))],
            Common.ETags.From(r.ConcurrencyStamp));
    }
}
