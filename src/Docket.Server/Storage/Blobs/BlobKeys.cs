namespace Docket.Server.Storage.Blobs;

/// <summary>Blob keys are SHA-256 digests in lowercase hex; anything else never reaches the file system.</summary>
public static class BlobKeys
{
    public static bool IsValid(string? key) =>
        key is { Length: 64 } && key.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
