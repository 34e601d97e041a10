namespace Docket.Server.Features.Roles;

/// <summary>A named set of rights. Built-in roles have no tenant and cannot be edited or removed.</summary>
public sealed class Role
{
    public const string AdministratorName = "Administrator";
    public const string TenantAdministratorName = "TenantAdministrator";

    public static readonly Guid AdministratorId = Guid.Parse("00000000-0000-7000-8000-000000000001");
    public static readonly Guid TenantAdministratorId = Guid.Parse("00000000-0000-7000-8000-000000000002");

    public required Guid Id { get; init; }

    /// <summary>Null for the built-in roles, which every tenant shares.</summary>
    public Guid? TenantId { get; init; }
    public required string Name { get; set; }
    public required string NormalizedName { get; set; }
    public string? Description { get; set; }
    public bool IsBuiltIn { get; init; }
    public required DateTime CreatedAt { get; init; }
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public List<RolePermission> Permissions { get; init; } = [];
}
