namespace Docket.Contracts.Roles;

public sealed record RoleResponse(
    Guid Id, Guid? TenantId, string Name, string? Description, bool IsBuiltIn, IReadOnlyList<PermissionDto> Permissions, string ETag);
