namespace Docket.Server.Features.ApiKeys;

/// <summary>
/// A key a robot or agent authenticates with. It acts as its user (usually a service account) with that
/// user's roles. The secret is shown once at creation; only its SHA-256 is stored.
/// </summary>
public sealed class ApiKey
{
    /// <summary>How every key begins, so that authentication tells a key from a session token without a lookup.</summary>
    public const string TokenPrefix = "dkk_";

    public required Guid Id { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid UserId { get; init; }
    public required string Name { get; set; }

    /// <summary>The first characters of the key, shown in lists so an operator can tell keys apart.</summary>
    public required string Prefix { get; init; }
    public required string SecretHash { get; init; }
    public required DateTime CreatedAt { get; init; }
    public DateTime? ExpiresAt { get; init; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }

    /// <summary>
    /// An agent's key (made with its agent): it opens that agent's stream and nothing else, never the HTTP API, so a
    /// worker machine that holds it cannot act as the user who made it.
    /// </summary>
    public bool ForAgent { get; init; }
}
