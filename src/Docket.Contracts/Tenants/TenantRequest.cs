namespace Docket.Contracts.Tenants;

public sealed record TenantRequest
{
    public required string Name { get; init; }
    public string? Description { get; init; }

    /// <summary>A disabled tenant's users cannot sign in and its keys stop working.</summary>
    public bool IsEnabled { get; init; } = true;
}
