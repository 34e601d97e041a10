namespace Docket.Server.Features.ApiKeys;

/// <summary>A key as lists show it: the prefix, never the secret.</summary>
public sealed record ApiKeyResponse(
    Guid Id, Guid TenantId, Guid UserId, string Name, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? RevokedAt, DateTime? LastUsedAt)
{
    public static ApiKeyResponse From(ApiKey k) =>
        new(k.Id, k.TenantId, k.UserId, k.Name, k.Prefix, k.CreatedAt, k.ExpiresAt, k.RevokedAt, k.LastUsedAt);

    // Times are stored in UTC, but SQLite gives them back without a kind, and JSON would then lose the zone.
}
