namespace Docket.Contracts.Projects;

/// <summary>Body of create and update. <see cref="TenantId"/> is honoured for the Administrator only.</summary>
public sealed record ProjectRequest
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public Guid? TenantId { get; init; }
}
