namespace Docket.Contracts.ModelTemplates;

/// <summary>Body of create and update; the package is uploaded on its own. <see cref="TenantId"/> is honoured for the Administrator only.</summary>
public sealed record ModelTemplateRequest
{
    public required string Name { get; init; }
    public required Guid ModelTypeId { get; init; }
    public string? Description { get; init; }
    public Guid? TenantId { get; init; }
}
