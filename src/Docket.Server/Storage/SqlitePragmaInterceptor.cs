using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Docket.Server.Storage;

/// <summary>
/// Sets SQLite's pragmas on every connection it opens, in one place (the Jellyfin way): WAL so readers
/// never block the writer, FULL sync because the journal is an audit trail, and a busy timeout so that
/// concurrent writers queue for the write lock instead of failing.
/// Also replaces lower() with a Unicode-aware one.
/// </summary>
internal sealed class SqlitePragmaInterceptor(int busyTimeoutMs) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
        Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        // SQLite's own lower() folds ASCII only; the journal's text search must fold Cyrillic and the rest too.
        ((SqliteConnection)connection).CreateFunction("lower", (string? value) => value?.ToLowerInvariant(), isDeterministic: true);

        using var command = connection.CreateCommand();
        command.CommandText =
            $"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout={busyTimeoutMs};";
        command.ExecuteNonQuery();
    }
}
