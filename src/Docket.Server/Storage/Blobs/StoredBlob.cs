namespace Docket.Server.Storage.Blobs;

/// <summary>A blob as the store keeps it: named by the SHA-256 of its bytes (lowercase hex).</summary>
public sealed record StoredBlob(string Key, long Size);
