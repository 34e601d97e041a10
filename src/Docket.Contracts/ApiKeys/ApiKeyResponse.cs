namespace Docket.Contracts.ApiKeys;

/// <summary>A key as lists show it: the prefix, never the secret.</summary>
public sealed record ApiKeyResponse(
    Guid Id, Guid TenantId, Guid UserId, string Name, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? RevokedAt, DateTime? LastUsedAt);
