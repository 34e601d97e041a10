using Docket.Server.Workers;
using Microsoft.Extensions.Options;

namespace Docket.Server.Storage.Blobs;

/// <summary>
/// Deletes blobs nothing refers to: those left by a failed upload or import, or freed by a deleted image or
/// archive. Runs every <c>Blobs:CollectInterval</c>, and on demand for the Administrator.
/// </summary>
public sealed partial class BlobCollector(
    IServiceScopeFactory scopes,
    IBlobStore store,
    IOptionsMonitor<BlobOptions> options,
    TimeProvider time,
    ILogger<BlobCollector> logger) : BackgroundWorker(scopes, time, logger)
{
    // Keys are checked against the database in chunks, so memory stays flat however many blobs there are.
    private const int Chunk = 500;
    private readonly SemaphoreSlim oneAtATime = new(1, 1);

    protected override TimeSpan Interval => options.CurrentValue.CollectInterval;

    /// <summary>The first pass runs one interval after start, so that a start does not scan the whole store at once.</summary>
    protected override bool WaitsFirst => true;

    /// <summary>A failed pass deletes nothing it has not checked; it runs again.</summary>
    protected override async Task<bool> RunPassAsync(IServiceProvider services, CancellationToken stoppingToken)
    {
        var result = await CollectAsync(stoppingToken);
        if (result.Deleted > 0)
        {
            LogCollected(Logger, result.Deleted, result.BytesFreed);
        }

        return false;
    }

    public async Task<BlobCollection> CollectAsync(CancellationToken cancellationToken)
    {
        await oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var cutoff = Time.GetUtcNow().UtcDateTime - options.CurrentValue.CollectGracePeriod;
            var scratch = store is LocalBlobStore local ? local.DeleteScratchOlderThan(cutoff) : 0;
            var scanned = 0;
            var deleted = 0;
            long freed = 0;
            var candidates = new List<string>(Chunk);
            foreach (var (key, lastUsed) in store.List())
            {
                scanned++;
                if (lastUsed < cutoff)
                {
                    candidates.Add(key);
                }

                if (candidates.Count == Chunk)
                {
                    (deleted, freed) = Add((deleted, freed), await DeleteUnreferencedAsync(candidates, cancellationToken));
                    candidates.Clear();
                }
            }

            if (candidates.Count > 0)
            {
                (deleted, freed) = Add((deleted, freed), await DeleteUnreferencedAsync(candidates, cancellationToken));
            }

            return new BlobCollection(scanned, deleted, freed, scratch);
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    private static (int, long) Add((int Count, long Bytes) a, (int Count, long Bytes) b) => (a.Count + b.Count, a.Bytes + b.Bytes);

    private async Task<(int Count, long Bytes)> DeleteUnreferencedAsync(List<string> keys, CancellationToken cancellationToken)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var references in scope.ServiceProvider.GetServices<IBlobReferences>())
        {
            referenced.UnionWith(await references.FindReferencedAsync(db, keys, cancellationToken));
        }

        var count = 0;
        long bytes = 0;
        foreach (var key in keys.Where(k => !referenced.Contains(k)))
        {
            if (store.PathOf(key) is { } path)
            {
                bytes += new FileInfo(path).Length;
                store.Delete(key);
                count++;
            }
        }

        return (count, bytes);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Blob collection deleted {Count} unreferenced blobs ({Bytes} bytes).")]
    private static partial void LogCollected(ILogger logger, int count, long bytes);
}
