using Docket.Server.Storage;

namespace Docket.Benchmarks;

/// <summary>The settings a run actually had, read back from the database, so a result says what it measured.</summary>
internal static class DatabaseInfo
{
    public static async Task<IReadOnlyList<string>> DescribeAsync(ConnectionLease lease, StorageProvider provider, CancellationToken cancellationToken)
    {
        var queries = provider == StorageProvider.Postgres
            ? new[]
            {
                ("version", "SHOW server_version"),
                ("synchronous_commit", "SHOW synchronous_commit"),
                ("fsync", "SHOW fsync"),
                ("wal_sync_method", "SHOW wal_sync_method"),
                ("shared_buffers", "SHOW shared_buffers"),
                ("work_mem", "SHOW work_mem"),
                ("max_parallel_workers_per_gather", "SHOW max_parallel_workers_per_gather"),
            }
            : new[]
            {
                ("version", "SELECT sqlite_version()"),
                ("journal_mode", "PRAGMA journal_mode"),
                ("synchronous (0 off, 1 normal, 2 full)", "PRAGMA synchronous"),
                ("page_size", "PRAGMA page_size"),
                ("cache_size", "PRAGMA cache_size"),
                ("wal_autocheckpoint", "PRAGMA wal_autocheckpoint"),
            };
        var lines = new List<string>();
        foreach (var (name, sql) in queries)
        {
            await using var command = lease.Connection.CreateCommand();
            command.CommandText = sql;
            lines.Add($"{name} = {await command.ExecuteScalarAsync(cancellationToken)}");
        }

        return lines;
    }
}
