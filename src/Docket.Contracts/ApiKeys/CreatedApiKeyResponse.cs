namespace Docket.Contracts.ApiKeys;

/// <summary>The answer to a creation: the only time the whole key is ever shown.</summary>
public sealed record CreatedApiKeyResponse(ApiKeyResponse ApiKey, string Key);
