namespace Docket.Contracts.ApiKeys;

public sealed record CreateApiKeyRequest
{
    public required string Name { get; init; }

    /// <summary>The account the key acts as: a service account of the caller's tenant, or the caller. Defaults to the caller.</summary>
    public Guid? UserId { get; init; }
    public DateTime? ExpiresAt { get; init; }
}
