namespace Docket.Server.Storage.Blobs;

/// <summary>
/// Content-addressed bytes (images, pages, thumbnails, dataset archives). Written and read as streams, so a large
/// upload or archive never sits whole in memory.
/// </summary>
public interface IBlobStore
{
    /// <summary>Starts a new blob; write to it, then commit it. Disposing it uncommitted discards it.</summary>
    NewBlobStream Create();

    /// <summary>Copies a stream into a new blob.</summary>
    Task<StoredBlob> PutAsync(Stream content, CancellationToken cancellationToken);

    /// <summary>Opens a kept blob for reading, or returns null if there is none under that key.</summary>
    Stream? OpenRead(string key);

    /// <summary>The blob's file, for tools that read paths; null if there is none.</summary>
    string? PathOf(string key);

    /// <summary>A fresh path in the store's scratch folder (same disk, so moves are renames); the caller deletes it.</summary>
    string TempPath(string extension = ".tmp");

    /// <summary>Every kept blob with when it was last written or re-used.</summary>
    IEnumerable<(string Key, DateTime LastUsedUtc)> List();

    void Delete(string key);
}
