namespace Docket.Contracts.Roles;

public sealed record RoleRequest
{
    public required string Name { get; init; }
    public string? Description { get; init; }

    /// <summary>On create only; afterwards use PUT /roles/{id}/permissions (8004).</summary>
    public IReadOnlyList<PermissionDto>? Permissions { get; init; }
}
