using Docket.Server.Common;
using Microsoft.Extensions.Options;

namespace Docket.Server.Storage.Blobs;

/// <summary>
/// Blobs in a local folder, <c>ab/cd/abcd…</c> by SHA-256, written through a scratch folder on the same disk and
/// renamed into place, so a reader never sees half a blob. Folders are made 0700 and files 0600: they hold every
/// tenant's images.
/// </summary>
public sealed class LocalBlobStore : IBlobStore
{
    private readonly string root;
    private readonly string scratch;
    private readonly TimeProvider time;

    public LocalBlobStore(IOptions<BlobOptions> options, IOptions<DocketOptions> docket, TimeProvider time)
    {
        this.time = time;
        root = Path.GetFullPath(string.IsNullOrWhiteSpace(options.Value.Directory)
            ? Path.Combine(docket.Value.DataDirectory, "blobs")
            : options.Value.Directory);
        scratch = Path.Combine(root, "tmp");
        PrivateFiles.CreateFolder(scratch);
    }

    public NewBlobStream Create() => new(this, TempPath());

    public async Task<StoredBlob> PutAsync(Stream content, CancellationToken cancellationToken)
    {
        await using var writer = Create();
        await content.CopyToAsync(writer, cancellationToken);
        return await writer.CommitAsync(cancellationToken);
    }

    public Stream? OpenRead(string key) =>
        PathOf(key) is { } path
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan)
            : null;

    public string? PathOf(string key)
    {
        if (!BlobKeys.IsValid(key))
        {
            return null;
        }

        var path = Place(key);
        return File.Exists(path) ? path : null;
    }

    public string TempPath(string extension = ".tmp") => Path.Combine(scratch, Guid.NewGuid().ToString("N") + extension);

    public IEnumerable<(string Key, DateTime LastUsedUtc)> List()
    {
        foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(path);
            if (BlobKeys.IsValid(name) && Path.GetDirectoryName(path) == Path.GetDirectoryName(Place(name)))
            {
                yield return (name, File.GetLastWriteTimeUtc(path));
            }
        }
    }

    public void Delete(string key)
    {
        if (BlobKeys.IsValid(key))
        {
            File.Delete(Place(key));
        }
    }

    /// <summary>Removes scratch files left by a crash; anything older than the cutoff is no longer being written.</summary>
    internal int DeleteScratchOlderThan(DateTime cutoffUtc)
    {
        var deleted = 0;
        foreach (var path in Directory.EnumerateFiles(scratch))
        {
            if (File.GetLastWriteTimeUtc(path) < cutoffUtc)
            {
                File.Delete(path);
                deleted++;
            }
        }

        return deleted;
    }

    /// <summary>Moves a finished scratch file under its key; called by <see cref="NewBlobStream.CommitAsync"/>.</summary>
    internal void Adopt(string tempPath, string key)
    {
        var target = Place(key);
        PrivateFiles.CreateFolder(Path.GetDirectoryName(target)!);
        if (File.Exists(target))
        {
            // Same bytes already kept: drop the copy, and mark the kept one as just used so the collector's
            // grace period covers whoever is about to refer to it.
            File.Delete(tempPath);
            File.SetLastWriteTimeUtc(target, time.GetUtcNow().UtcDateTime);
            return;
        }

        try
        {
            File.Move(tempPath, target);
        }
        catch (IOException) when (File.Exists(target))
        {
            // Another writer kept the same bytes a moment earlier: theirs is as good as ours.
            File.Delete(tempPath);
        }
    }

    private string Place(string key) => Path.Combine(root, key[..2], key[2..4], key);
}
