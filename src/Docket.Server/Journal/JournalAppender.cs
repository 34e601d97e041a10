using System.Data.Common;
using System.Text;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Docket.Server.Journal;

/// <summary>
/// Appends staged records inside the caller's transaction: locks the head row, numbers the records after the
/// last committed one, chains their signatures, inserts them and moves the head. Because the head stays locked
/// until commit, sequence order is commit order and a follower reading <c>sequence &gt; cursor</c> never skips one.
/// </summary>
public sealed class JournalAppender(JournalSigner signer, JournalSqlDialect dialect, TimeProvider time)
{
    // 23 parameters a row: 200 rows stay well under SQLite's and PostgreSQL's parameter limits.
    private const int RowsPerStatement = 200;

    private static readonly string[] Columns =
    [
        "sequence", "id", "code", "name", "group", "class", "occurred_at", "recorded_at", "tenant_id", "project_id",
        "user_id", "user_login", "client_ip", "node_id", "operation_key", "entity_kind", "entity_id", "text", "data",
        "trace_id", "signature", "tenant_name", "project_name",
    ];

    public async Task AppendAsync(DbContext db, IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The journal is appended inside the change's transaction only.");
        var connection = transaction.Connection!;

        long lastSequence;
        string lastSignature;
        await using (var head = connection.CreateCommand())
        {
            head.Transaction = transaction;
            head.CommandText = dialect.LockHeadSql;
            await using var reader = await head.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException("The journal head row is missing: the database was not migrated.");
            }

            lastSequence = reader.GetInt64(0);
            lastSignature = reader.GetString(1);
        }

        var recordedAt = JournalClock.Truncate(time.GetUtcNow().UtcDateTime);
        foreach (var record in records)
        {
            record.Sequence = ++lastSequence;
            record.RecordedAt = recordedAt;
            record.Signature = signer.Sign(record, lastSignature);
            lastSignature = record.Signature;
        }

        if (dialect.ReusesOneRowInsert)
        {
            await InsertOneByOneAsync(connection, transaction, records, cancellationToken);
        }
        else
        {
            await InsertInChunksAsync(connection, transaction, records, cancellationToken);
        }

        await using var move = connection.CreateCommand();
        move.Transaction = transaction;
        move.CommandText = "UPDATE journal_head SET last_sequence = @s, last_signature = @g WHERE id = 1";
        AddParameter(move, "@s", lastSequence);
        AddParameter(move, "@g", lastSignature);
        await move.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>One single-row INSERT, prepared once, its parameters' values replaced for each record.</summary>
    private async Task InsertOneByOneAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken)
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = InsertSql(1);
        BindRow(insert, records[0], 0);
        if (records.Count > 1)
        {
            await insert.PrepareAsync(cancellationToken);
        }

        for (var i = 0; i < records.Count; i++)
        {
            if (i > 0)
            {
                SetRow(insert, records[i]);
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task InsertInChunksAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < records.Count; offset += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, records.Count - offset);
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = InsertSql(count);
            for (var i = 0; i < count; i++)
            {
                BindRow(insert, records[offset + i], i);
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static string InsertSql(int rows)
    {
        var sql = new StringBuilder("INSERT INTO journal_records (");
        sql.AppendJoin(", ", Columns.Select(c => c == "group" ? "\"group\"" : c)).Append(") VALUES ");
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var col = 0; col < Columns.Length; col++)
            {
                sql.Append(col == 0 ? "@p" : ", @p").Append(row).Append('_').Append(col);
            }

            sql.Append(')');
        }

        return sql.ToString();
    }

    private void BindRow(DbCommand command, JournalRecord r, int row)
    {
        var values = Values(r);
        for (var col = 0; col < values.Length; col++)
        {
            AddParameter(command, $"@p{row}_{col}", values[col]);
        }
    }

    /// <summary>Replaces the values of a one-row command's parameters (bound in column order) with another record's.</summary>
    private void SetRow(DbCommand command, JournalRecord r)
    {
        var values = Values(r);
        for (var col = 0; col < values.Length; col++)
        {
            command.Parameters[col].Value = values[col] ?? DBNull.Value;
        }
    }

    private object?[] Values(JournalRecord r) =>
        [
            r.Sequence, dialect.Bind(r.Id), r.Code, r.Name, r.Group, (int)r.Class, dialect.Bind(r.OccurredAt),
            dialect.Bind(r.RecordedAt), dialect.Bind(r.TenantId), dialect.Bind(r.ProjectId), dialect.Bind(r.UserId),
            r.UserLogin, r.ClientIp, r.NodeId, r.OperationKey, r.EntityKind, r.EntityId, r.Text, r.Data, r.TraceId,
            r.Signature, r.TenantName, r.ProjectName,
        ];

    private static void AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
