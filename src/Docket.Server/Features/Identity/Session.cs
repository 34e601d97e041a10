namespace Docket.Server.Features.Identity;

/// <summary>
/// A login session: the bearer token (or console cookie) is random and only its SHA-256 is stored,
/// so a copy of the database does not let anyone in. Logout revokes it.
/// </summary>
public sealed class Session
{
    public required Guid Id { get; init; }
    public required Guid UserId { get; init; }
    public required Guid TenantId { get; init; }
    public required string TokenHash { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required DateTime ExpiresAt { get; init; }
    public DateTime? RevokedAt { get; set; }
    public string? ClientIp { get; init; }
}
