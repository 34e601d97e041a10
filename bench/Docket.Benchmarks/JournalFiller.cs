using System.Data.Common;
using System.Diagnostics;
using Docket.Server.Journal;
using Docket.Server.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Docket.Benchmarks;

/// <summary>
/// Fills the migrated <c>journal_records</c> in bulk, the raw way: the migration's secondary indexes are dropped,
/// the rows go in (SQLite: a prepared INSERT in transactions of 50,000 rows with synchronous=OFF on this connection
/// only; PostgreSQL: binary COPY), the indexes are created again from their own definitions, and the head is moved
/// to the last record. The result is the schema the migrations made, holding the synthetic journal.
/// </summary>
internal static class JournalFiller
{
    private const int RowsPerTransaction = 50_000;

    public static async Task<FillTimes> FillAsync(BenchHost host, SyntheticJournal journal, bool analyzeSqlite, CancellationToken cancellationToken)
    {
        await using var lease = await host.OpenConnectionAsync(cancellationToken);
        var connection = lease.Connection;
        var postgres = host.Provider == StorageProvider.Postgres;
        var indexes = await ReadIndexesAsync(connection, postgres, cancellationToken);
        foreach (var (name, _) in indexes)
        {
            await ExecuteAsync(connection, $"DROP INDEX {name}", cancellationToken);
        }

        var started = Stopwatch.GetTimestamp();
        long rows;
        if (postgres)
        {
            rows = await CopyAsync((NpgsqlConnection)connection, journal, cancellationToken);
        }
        else
        {
            await ExecuteAsync(connection, "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144", cancellationToken);
            rows = await InsertAsync(connection, host.Dialect, journal, cancellationToken);
        }

        var inserted = Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        if (postgres)
        {
            await ExecuteAsync(connection, "SET maintenance_work_mem = '256MB'", cancellationToken);
        }

        foreach (var (_, definition) in indexes)
        {
            await ExecuteAsync(connection, definition, cancellationToken);
        }

        var indexed = Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        await using (var head = connection.CreateCommand())
        {
            head.CommandText = "UPDATE journal_head SET last_sequence = @s, last_signature = @g WHERE id = 1";
            AddParameter(head, "@s", rows);
            AddParameter(head, "@g", journal.LastSignature);
            await head.ExecuteNonQueryAsync(cancellationToken);
        }

        // What the database would have done by itself soon after such a load: PostgreSQL's autovacuum analyzes and
        // vacuums an insert-only table; SQLite checkpoints its WAL. SQLite only analyzes when asked, and the server never asks.
        if (postgres)
        {
            await ExecuteAsync(connection, "VACUUM (ANALYZE) journal_records", cancellationToken);
        }
        else
        {
            if (analyzeSqlite)
            {
                await ExecuteAsync(connection, "ANALYZE", cancellationToken);
            }

            await ExecuteAsync(connection, "PRAGMA synchronous=FULL; PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken);
        }

        var settled = Stopwatch.GetElapsedTime(started);
        await lease.DisposeAsync();
        // The fill connection had a large cache and other settings: keep it out of the pool the queries draw from.
        SqliteConnection.ClearAllPools();
        return new FillTimes(rows, inserted, indexed, settled);
    }

    private static async Task<List<(string Name, string Definition)>> ReadIndexesAsync(DbConnection connection, bool postgres, CancellationToken cancellationToken)
    {
        await using var read = connection.CreateCommand();
        read.CommandText = postgres
            ? "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'journal_records' AND indexname <> 'pk_journal_records'"
            : "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'journal_records' AND sql IS NOT NULL";
        var indexes = new List<(string, string)>();
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            indexes.Add((reader.GetString(0), reader.GetString(1)));
        }

        return indexes;
    }

    private static async Task<long> InsertAsync(DbConnection connection, JournalSqlDialect dialect, SyntheticJournal journal, CancellationToken cancellationToken)
    {
        await using var insert = connection.CreateCommand();
        insert.CommandText = RawJournalWriter.InsertSql("journal_records", 1);
        var parameters = RawJournalWriter.Columns.Select((_, col) =>
        {
            var parameter = insert.CreateParameter();
            parameter.ParameterName = $"@p0_{col}";
            insert.Parameters.Add(parameter);
            return parameter;
        }).ToArray();

        long rows = 0;
        DbTransaction? transaction = null;
        foreach (var r in journal.Records())
        {
            if (rows % RowsPerTransaction == 0)
            {
                if (transaction is not null)
                {
                    await transaction.CommitAsync(cancellationToken);
                    await transaction.DisposeAsync();
                    Report.Progress($"filled {rows:N0}");
                }

                transaction = await connection.BeginTransactionAsync(cancellationToken);
                insert.Transaction = transaction;
            }

            object?[] values =
            [
                r.Sequence, dialect.Bind(r.Id), r.Code, r.Name, r.Group, (int)r.Class, dialect.Bind(r.OccurredAt),
                dialect.Bind(r.RecordedAt), dialect.Bind(r.TenantId), dialect.Bind(r.ProjectId), dialect.Bind(r.UserId),
                r.UserLogin, r.ClientIp, r.NodeId, r.OperationKey, r.EntityKind, r.EntityId, r.Text, r.Data, r.TraceId,
                r.Signature, r.TenantName, r.ProjectName,
            ];
            for (var col = 0; col < values.Length; col++)
            {
                parameters[col].Value = values[col] ?? DBNull.Value;
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
            rows++;
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
            await transaction.DisposeAsync();
        }

        return rows;
    }

    private static async Task<long> CopyAsync(NpgsqlConnection connection, SyntheticJournal journal, CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", RawJournalWriter.Columns.Select(c => c == "group" ? "\"group\"" : c));
        await using var copy = await connection.BeginBinaryImportAsync($"COPY journal_records ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        long rows = 0;
        foreach (var r in journal.Records())
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(r.Sequence, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(r.Id, NpgsqlDbType.Uuid, cancellationToken);
            await copy.WriteAsync(r.Code, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(r.Name, NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(r.Group, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync((int)r.Class, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(r.OccurredAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await copy.WriteAsync(r.RecordedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await WriteAsync(copy, r.TenantId, NpgsqlDbType.Uuid, cancellationToken);
            await WriteAsync(copy, r.ProjectId, NpgsqlDbType.Uuid, cancellationToken);
            await WriteAsync(copy, r.UserId, NpgsqlDbType.Uuid, cancellationToken);
            await WriteAsync(copy, r.UserLogin, NpgsqlDbType.Varchar, cancellationToken);
            await WriteAsync(copy, r.ClientIp, NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(r.NodeId, NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(r.OperationKey, NpgsqlDbType.Varchar, cancellationToken);
            await WriteAsync(copy, r.EntityKind, NpgsqlDbType.Varchar, cancellationToken);
            await WriteAsync(copy, r.EntityId, NpgsqlDbType.Varchar, cancellationToken);
            await WriteAsync(copy, r.Text, NpgsqlDbType.Text, cancellationToken);
            await WriteAsync(copy, r.Data, NpgsqlDbType.Text, cancellationToken);
            await WriteAsync(copy, r.TraceId, NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(r.Signature, NpgsqlDbType.Varchar, cancellationToken);
            await WriteAsync(copy, r.TenantName, NpgsqlDbType.Varchar, cancellationToken);
            await WriteAsync(copy, r.ProjectName, NpgsqlDbType.Varchar, cancellationToken);
            if (++rows % RowsPerTransaction == 0)
            {
                Report.Progress($"filled {rows:N0}");
            }
        }

        await copy.CompleteAsync(cancellationToken);
        return rows;
    }

    private static async Task WriteAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await copy.WriteNullAsync(cancellationToken);
        }
        else
        {
            await copy.WriteAsync(value, type, cancellationToken);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
