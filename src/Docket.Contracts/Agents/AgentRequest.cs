namespace Docket.Contracts.Agents;

/// <summary>Body of create and update. <see cref="TenantId"/> is honoured for the Administrator only, at creation.</summary>
public sealed record AgentRequest
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public Guid? TenantId { get; init; }
}
