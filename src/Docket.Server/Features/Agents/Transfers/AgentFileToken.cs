namespace Docket.Server.Features.Agents.Transfers;

/// <summary>
/// Leave for one agent to download one file (a blob) over HTTP for a short while. The token itself is shown once, in
/// the command that carries it; only its SHA-256 is kept, as for API keys.
/// </summary>
public sealed class AgentFileToken
{
    public required Guid Id { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid AgentId { get; init; }
    public required string SecretHash { get; init; }

    /// <summary>The blob's key, which is also the SHA-256 of its bytes (lowercase hex).</summary>
    public required string BlobKey { get; init; }

    public required long Size { get; init; }

    /// <summary>The file name the agent is told (Content-Disposition), a plain name without folders.</summary>
    public required string DownloadName { get; init; }

    public required DateTime IssuedAt { get; init; }
    public required DateTime ExpiresAt { get; init; }
}
