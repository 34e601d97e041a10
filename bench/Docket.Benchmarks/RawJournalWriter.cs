using System.Data.Common;
using System.Text;
using Docket.Server.Journal;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Benchmarks;

/// <summary>
/// The baseline the journal is measured against: the same 21 columns of the same rows, bound the same way, written
/// with plain ADO.NET and prepared commands on one open connection into a clone of <c>journal_records</c> (same
/// columns, same indexes). No head row, no signing (the signature is a precomputed string), no EF Core. The
/// diagnostic methods add back one of those at a time.
/// </summary>
internal sealed class RawJournalWriter : IAsyncDisposable
{
    private readonly ConnectionLease lease;
    private readonly JournalSqlDialect dialect;
    private readonly string table;
    private readonly string headTable;

    public static readonly IReadOnlyList<string> Columns =
    [
        "sequence", "id", "code", "name", "group", "class", "occurred_at", "recorded_at", "tenant_id", "project_id",
        "user_id", "user_login", "client_ip", "node_id", "operation_key", "entity_kind", "entity_id", "text", "data",
        "trace_id", "signature", "tenant_name", "project_name",
    ];

    private readonly Dictionary<int, DbCommand> prepared = [];
    private long sequence;

    private DbConnection Connection => lease.Connection;

    private RawJournalWriter(ConnectionLease lease, JournalSqlDialect dialect, string table, string headTable)
    {
        this.lease = lease;
        this.dialect = dialect;
        this.table = table;
        this.headTable = headTable;
    }

    public string Table => table;

    /// <summary>
    /// A writer into its own clones, <c>{prefix}_records</c> of the migrated <c>journal_records</c> (its columns, keys and
    /// indexes) and <c>{prefix}_head</c> of <c>journal_head</c> with its row, so that no variant's table is slowed by
    /// another variant's rows.
    /// </summary>
    public static async Task<RawJournalWriter> CreateAsync(
        ConnectionLease lease, StorageProvider provider, JournalSqlDialect dialect, string prefix, CancellationToken cancellationToken)
    {
        var table = prefix + "_records";
        var head = prefix + "_head";
        var statements = new List<string>();
        if (provider == StorageProvider.Postgres)
        {
            statements.Add($"CREATE TABLE {table} (LIKE journal_records INCLUDING ALL)");
            statements.Add($"CREATE TABLE {head} (LIKE journal_head INCLUDING ALL)");
        }
        else
        {
            await using var read = lease.Connection.CreateCommand();
            // 'table' sorts after 'index': each table comes before its indexes.
            read.CommandText = "SELECT sql FROM sqlite_master WHERE tbl_name IN ('journal_records', 'journal_head') AND sql IS NOT NULL ORDER BY type DESC";
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                statements.Add(reader.GetString(0)
                    .Replace("journal_records", table, StringComparison.Ordinal)
                    .Replace("journal_head", head, StringComparison.Ordinal));
            }
        }

        statements.Add($"INSERT INTO {head} SELECT * FROM journal_head");
        foreach (var sql in statements)
        {
            await using var create = lease.Connection.CreateCommand();
            create.CommandText = sql;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return new RawJournalWriter(lease, dialect, table, head);
    }

    public static string InsertSql(string table, int rows)
    {
        var sql = new StringBuilder("INSERT INTO ").Append(table).Append(" (");
        sql.AppendJoin(", ", Columns.Select(c => c == "group" ? "\"group\"" : c)).Append(") VALUES ");
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var col = 0; col < Columns.Count; col++)
            {
                sql.Append(col == 0 ? "@p" : ", @p").Append(row).Append('_').Append(col);
            }

            sql.Append(')');
        }

        return sql.ToString();
    }

    /// <summary>One transaction per row: BEGIN, one prepared single-row INSERT, COMMIT.</summary>
    public async Task InsertEachAsync(IReadOnlyList<JournalRecord> rows, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            await using var transaction = await Connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(transaction, [row], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Diagnostic: <see cref="InsertEachAsync"/> plus the journal's head protocol on this writer's head clone (read and
    /// lock the head, insert, move the head), to show what the head costs the database alone.
    /// </summary>
    public async Task InsertEachWithHeadAsync(IReadOnlyList<JournalRecord> rows, string lockHeadSql, CancellationToken cancellationToken)
    {
        await using var head = Connection.CreateCommand();
        head.CommandText = lockHeadSql.Replace("journal_head", headTable, StringComparison.Ordinal);
        await using var move = Connection.CreateCommand();
        move.CommandText = $"UPDATE {headTable} SET last_sequence = @s, last_signature = @g WHERE id = 1";
        var last = move.CreateParameter();
        last.ParameterName = "@s";
        var signature = move.CreateParameter();
        signature.ParameterName = "@g";
        move.Parameters.Add(last);
        move.Parameters.Add(signature);
        var fresh = true;
        foreach (var row in rows)
        {
            await using var transaction = await Connection.BeginTransactionAsync(cancellationToken);
            head.Transaction = transaction;
            if (fresh)
            {
                await head.PrepareAsync(cancellationToken);
            }

            await using (var reader = await head.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
            }

            await ExecuteAsync(transaction, [row], cancellationToken);
            move.Transaction = transaction;
            last.Value = sequence;
            signature.Value = row.Signature;
            if (fresh)
            {
                await move.PrepareAsync(cancellationToken);
                fresh = false;
            }

            await move.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Diagnostic: one row per transaction the way a request's scope writes, but raw: a new scope and DbContext, whose
    /// connection is opened from the pool (SQLite's pragmas run again) by EF Core's BeginTransactionAsync, and an
    /// unprepared INSERT built per transaction, as <see cref="JournalAppender"/> builds its own.
    /// </summary>
    public async Task InsertEachInScopeAsync(IServiceProvider services, IReadOnlyList<JournalRecord> rows, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await using var insert = CreateInsert(db.Database.GetDbConnection(), 1);
            insert.Transaction = transaction.GetDbTransaction();
            Bind(insert, row, 0, ++sequence);
            await insert.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// One transaction per <paramref name="batchSize"/> rows, written by INSERTs of <paramref name="rowsPerStatement"/>
    /// rows each: prepared once and reused, or (<paramref name="prepare"/> false) built, bound and compiled afresh for
    /// every statement, as <see cref="JournalAppender"/> does.
    /// </summary>
    public async Task InsertBatchesAsync(
        IReadOnlyList<JournalRecord> rows, int batchSize, int rowsPerStatement, bool prepare, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < rows.Count; offset += batchSize)
        {
            var batch = Slice(rows, offset, batchSize);
            await using var transaction = await Connection.BeginTransactionAsync(cancellationToken);
            for (var start = 0; start < batch.Length; start += rowsPerStatement)
            {
                var statement = batch[start..Math.Min(start + rowsPerStatement, batch.Length)];
                if (prepare)
                {
                    await ExecuteAsync(transaction, statement, cancellationToken);
                    continue;
                }

                await using var insert = CreateInsert(statement.Length);
                insert.Transaction = transaction;
                for (var row = 0; row < statement.Length; row++)
                {
                    Bind(insert, statement[row], row, ++sequence);
                }

                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// PostgreSQL only: one transaction per <paramref name="batchSize"/> rows, written by one prepared
    /// <c>INSERT ... SELECT FROM unnest(...)</c> with one array parameter a column, whatever the number of rows.
    /// </summary>
    public async Task InsertUnnestAsync(IReadOnlyList<JournalRecord> rows, int batchSize, CancellationToken cancellationToken)
    {
        string[] types =
        [
            "bigint", "uuid", "integer", "varchar", "integer", "integer", "timestamptz", "timestamptz", "uuid", "uuid",
            "uuid", "varchar", "varchar", "varchar", "varchar", "varchar", "varchar", "text", "text", "varchar", "varchar",
            "varchar", "varchar",
        ];
        await using var insert = Connection.CreateCommand();
        insert.CommandText = $"INSERT INTO {table} ({string.Join(", ", Columns.Select(c => c == "group" ? "\"group\"" : c))}) "
            + $"SELECT * FROM unnest({string.Join(", ", types.Select((t, i) => $"@a{i}::{t}[]"))})";
        var parameters = types.Select((_, i) =>
        {
            var parameter = insert.CreateParameter();
            parameter.ParameterName = $"@a{i}";
            insert.Parameters.Add(parameter);
            return parameter;
        }).ToArray();

        var prepared = false;
        for (var offset = 0; offset < rows.Count; offset += batchSize)
        {
            var batch = Slice(rows, offset, batchSize);
            await using var transaction = await Connection.BeginTransactionAsync(cancellationToken);
            insert.Transaction = transaction;
            parameters[0].Value = batch.Select(_ => ++sequence).ToArray();
            parameters[1].Value = batch.Select(r => r.Id).ToArray();
            parameters[2].Value = batch.Select(r => r.Code).ToArray();
            parameters[3].Value = batch.Select(r => r.Name).ToArray();
            parameters[4].Value = batch.Select(r => r.Group).ToArray();
            parameters[5].Value = batch.Select(r => (int)r.Class).ToArray();
            parameters[6].Value = batch.Select(r => DateTime.SpecifyKind(r.OccurredAt, DateTimeKind.Utc)).ToArray();
            parameters[7].Value = batch.Select(r => DateTime.SpecifyKind(r.RecordedAt, DateTimeKind.Utc)).ToArray();
            parameters[8].Value = batch.Select(r => r.TenantId).ToArray();
            parameters[9].Value = batch.Select(r => r.ProjectId).ToArray();
            parameters[10].Value = batch.Select(r => r.UserId).ToArray();
            parameters[11].Value = batch.Select(r => r.UserLogin).ToArray();
            parameters[12].Value = batch.Select(r => r.ClientIp).ToArray();
            parameters[13].Value = batch.Select(r => r.NodeId).ToArray();
            parameters[14].Value = batch.Select(r => r.OperationKey).ToArray();
            parameters[15].Value = batch.Select(r => r.EntityKind).ToArray();
            parameters[16].Value = batch.Select(r => r.EntityId).ToArray();
            parameters[17].Value = batch.Select(r => r.Text).ToArray();
            parameters[18].Value = batch.Select(r => r.Data).ToArray();
            parameters[19].Value = batch.Select(r => r.TraceId).ToArray();
            parameters[20].Value = batch.Select(r => r.Signature).ToArray();
            parameters[21].Value = batch.Select(r => r.TenantName).ToArray();
            parameters[22].Value = batch.Select(r => r.ProjectName).ToArray();
            if (!prepared)
            {
                await insert.PrepareAsync(cancellationToken);
                prepared = true;
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in prepared.Values)
        {
            await command.DisposeAsync();
        }
    }

    private static JournalRecord[] Slice(IReadOnlyList<JournalRecord> rows, int offset, int count) =>
        [.. Enumerable.Range(offset, Math.Min(count, rows.Count - offset)).Select(i => rows[i])];

    private async Task ExecuteAsync(DbTransaction transaction, JournalRecord[] batch, CancellationToken cancellationToken)
    {
        var fresh = !prepared.TryGetValue(batch.Length, out var command);
        if (command is null)
        {
            command = CreateInsert(batch.Length);
            prepared[batch.Length] = command;
        }

        command.Transaction = transaction;
        for (var row = 0; row < batch.Length; row++)
        {
            Bind(command, batch[row], row, ++sequence);
        }

        if (fresh)
        {
            // Parameter types are known now (the baseline's rows have no nulls), so the server can plan it once.
            await command.PrepareAsync(cancellationToken);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private DbCommand CreateInsert(int rows) => CreateInsert(Connection, rows);

    private DbCommand CreateInsert(DbConnection connection, int rows)
    {
        var command = connection.CreateCommand();
        command.CommandText = InsertSql(table, rows);
        for (var row = 0; row < rows; row++)
        {
            for (var col = 0; col < Columns.Count; col++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"@p{row}_{col}";
                command.Parameters.Add(parameter);
            }
        }

        return command;
    }

    private void Bind(DbCommand command, JournalRecord r, int row, long rowSequence)
    {
        var offset = row * Columns.Count;
        var p = command.Parameters;
        p[offset + 0].Value = rowSequence;
        p[offset + 1].Value = dialect.Bind(r.Id);
        p[offset + 2].Value = r.Code;
        p[offset + 3].Value = r.Name;
        p[offset + 4].Value = r.Group;
        p[offset + 5].Value = (int)r.Class;
        p[offset + 6].Value = dialect.Bind(r.OccurredAt);
        p[offset + 7].Value = dialect.Bind(r.RecordedAt);
        p[offset + 8].Value = dialect.Bind(r.TenantId);
        p[offset + 9].Value = dialect.Bind(r.ProjectId);
        p[offset + 10].Value = dialect.Bind(r.UserId);
        p[offset + 11].Value = (object?)r.UserLogin ?? DBNull.Value;
        p[offset + 12].Value = (object?)r.ClientIp ?? DBNull.Value;
        p[offset + 13].Value = r.NodeId;
        p[offset + 14].Value = r.OperationKey;
        p[offset + 15].Value = (object?)r.EntityKind ?? DBNull.Value;
        p[offset + 16].Value = (object?)r.EntityId ?? DBNull.Value;
        p[offset + 17].Value = (object?)r.Text ?? DBNull.Value;
        p[offset + 18].Value = (object?)r.Data ?? DBNull.Value;
        p[offset + 19].Value = (object?)r.TraceId ?? DBNull.Value;
        p[offset + 20].Value = r.Signature;
        p[offset + 21].Value = (object?)r.TenantName ?? DBNull.Value;
        p[offset + 22].Value = (object?)r.ProjectName ?? DBNull.Value;
    }
}
