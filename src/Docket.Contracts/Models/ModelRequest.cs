namespace Docket.Contracts.Models;

/// <summary>Body of create and update; versions are uploaded on their own. <see cref="TenantId"/> is honoured for the Administrator only.</summary>
public sealed record ModelRequest
{
    public required string Name { get; init; }
    public required Guid ModelTypeId { get; init; }
    public string? Description { get; init; }
    public Guid? TenantId { get; init; }
}
