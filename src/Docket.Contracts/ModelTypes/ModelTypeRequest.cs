namespace Docket.Contracts.ModelTypes;

/// <summary>
/// Body of create and update. <see cref="Purpose"/> is required on create and cannot change afterwards;
/// <see cref="TenantId"/> is honoured for the Administrator only.
/// </summary>
public sealed record ModelTypeRequest
{
    public required string Name { get; init; }
    public ModelPurpose? Purpose { get; init; }
    public string? Description { get; init; }
    public Guid? TenantId { get; init; }
}
