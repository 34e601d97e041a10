namespace Docket.Server.Features.Agents.Transfers;

/// <summary>
/// A file an agent is to download: a blob of the blob store (named by the SHA-256 of its bytes), its size, and the
/// name it is saved under. Another area builds it from its own rows (a dataset version's archive, a model).
/// </summary>
public sealed record AgentFile(string BlobKey, long Size, string DownloadName)
{
    /// <summary>The SHA-256 of the bytes, lowercase hex: the blob's key.</summary>
    public string Sha256 => BlobKey;
}
