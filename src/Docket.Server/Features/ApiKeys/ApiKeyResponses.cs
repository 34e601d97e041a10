using Docket.Contracts.ApiKeys;

namespace Docket.Server.Features.ApiKeys;

/// <summary>The key contract made from the stored key: the contracts assembly cannot know the entity.</summary>
public static class ApiKeyResponses
{
    extension(ApiKeyResponse)
    {
        public static ApiKeyResponse From(ApiKey k) =>
            new(k.Id, k.TenantId, k.UserId, k.Name, k.Prefix, k.CreatedAt, k.ExpiresAt, k.RevokedAt, k.LastUsedAt);
    }
}
