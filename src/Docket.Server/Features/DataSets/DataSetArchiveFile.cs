namespace Docket.Server.Features.DataSets;

/// <summary>
/// A dataset version's built archive as another area sends it somewhere (to an agent, through a download ticket):
/// its blob, its size and SHA-256 (the blob's key), and the name to save it under.
/// </summary>
public sealed record DataSetArchiveFile(string BlobKey, long Size, string Sha256, string DownloadName);
