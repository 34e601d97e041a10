using System.Data;
using System.Data.Common;
using Docket.Events;
using Docket.Server.Journal;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Export;

/// <summary>
/// Reads the next batch of a subscription after its cursor. Reading stops at the journal head read first: every
/// number up to the head is committed (numbers are handed out in commit order), so skipping the records the
/// filter leaves out is safe.
/// </summary>
/// <remarks>
/// EF Core writes the query (filters, parameterized lists, either provider's SQL); the rows are read with the plain
/// data reader. Export reads every record once, a thousand at a time, and EF's materializer took more time than the
/// database itself (about two thirds of the read: see bench/results/export.md).
/// </remarks>
public static class ExportBatchReader
{
    public sealed record Read(IReadOnlyList<JournalRecord> Records, long ScannedTo);

    /// <summary>The records after <paramref name="cursor"/> that a subscription of <paramref name="tenantId"/> (null: every tenant) with <paramref name="filter"/> takes.</summary>
    public static async Task<Read> ReadAsync(DocketDbContext db, Guid? tenantId, long cursor, ExportFilter filter, int limit, CancellationToken cancellationToken)
    {
        var head = await db.JournalHeads.AsNoTracking().Select(h => h.LastSequence).SingleAsync(cancellationToken);
        var query = db.JournalRecords.AsNoTracking().Where(r => r.Sequence > cursor && r.Sequence <= head);
        if (tenantId is { } tenant)
        {
            query = query.Where(r => r.TenantId == tenant);
        }

        if (filter.Codes.Count > 0)
        {
            query = query.Where(r => filter.Codes.Contains(r.Code));
        }

        if (filter.Groups.Count > 0)
        {
            query = query.Where(r => filter.Groups.Contains(r.Group));
        }

        if (filter.Classes.Count > 0)
        {
            query = query.Where(r => filter.Classes.Contains(r.Class));
        }

        if (filter.Tenants.Count > 0)
        {
            query = query.Where(r => r.TenantId != null && filter.Tenants.Contains(r.TenantId.Value));
        }

        if (filter.Projects.Count > 0)
        {
            query = query.Where(r => r.ProjectId != null && filter.Projects.Contains(r.ProjectId.Value));
        }

        var records = await ReadRecordsAsync(db, query.OrderBy(r => r.Sequence).Take(limit), limit, cancellationToken);
        return new Read(records, records.Count == limit ? records[^1].Sequence : head);
    }

    /// <summary>Runs EF's command for <paramref name="query"/> on the context's connection and reads each row by its column's ordinal.</summary>
    private static async Task<List<JournalRecord>> ReadRecordsAsync(DocketDbContext db, IQueryable<JournalRecord> query, int limit, CancellationToken cancellationToken)
    {
        var records = new List<JournalRecord>(Math.Min(limit, 4096));
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = query.CreateDbCommand();
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.Default, cancellationToken);
            var columns = JournalColumns.Of(db, reader);
            while (await reader.ReadAsync(cancellationToken))
            {
                records.Add(columns.Record(reader));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return records;
    }

    /// <summary>Where each of <see cref="JournalRecord"/>'s columns is in the reader, looked up by the model's column names.</summary>
    private sealed class JournalColumns
    {
        private readonly int sequence, id, code, name, group, eventClass, occurredAt, recordedAt, tenantId, projectId, userId, userLogin,
            clientIp, nodeId, operationKey, entityKind, entityId, text, data, traceId, signature;

        private JournalColumns(Func<string, int> ordinal)
        {
            sequence = ordinal(nameof(JournalRecord.Sequence));
            id = ordinal(nameof(JournalRecord.Id));
            code = ordinal(nameof(JournalRecord.Code));
            name = ordinal(nameof(JournalRecord.Name));
            group = ordinal(nameof(JournalRecord.Group));
            eventClass = ordinal(nameof(JournalRecord.Class));
            occurredAt = ordinal(nameof(JournalRecord.OccurredAt));
            recordedAt = ordinal(nameof(JournalRecord.RecordedAt));
            tenantId = ordinal(nameof(JournalRecord.TenantId));
            projectId = ordinal(nameof(JournalRecord.ProjectId));
            userId = ordinal(nameof(JournalRecord.UserId));
            userLogin = ordinal(nameof(JournalRecord.UserLogin));
            clientIp = ordinal(nameof(JournalRecord.ClientIp));
            nodeId = ordinal(nameof(JournalRecord.NodeId));
            operationKey = ordinal(nameof(JournalRecord.OperationKey));
            entityKind = ordinal(nameof(JournalRecord.EntityKind));
            entityId = ordinal(nameof(JournalRecord.EntityId));
            text = ordinal(nameof(JournalRecord.Text));
            data = ordinal(nameof(JournalRecord.Data));
            traceId = ordinal(nameof(JournalRecord.TraceId));
            signature = ordinal(nameof(JournalRecord.Signature));
        }

        public static JournalColumns Of(DocketDbContext db, DbDataReader reader)
        {
            var entity = db.Model.FindEntityType(typeof(JournalRecord))!;
            return new JournalColumns(property => reader.GetOrdinal(entity.FindProperty(property)!.GetColumnName()));
        }

        /// <summary>Times are stored as UTC without a kind on either provider, as EF reads them.</summary>
        public JournalRecord Record(DbDataReader reader) => new()
        {
            Sequence = reader.GetInt64(sequence),
            Id = reader.GetGuid(id),
            Code = reader.GetInt32(code),
            Name = reader.GetString(name),
            Group = reader.GetInt32(group),
            Class = (EventClass)reader.GetInt32(eventClass),
            OccurredAt = reader.GetDateTime(occurredAt),
            RecordedAt = reader.GetDateTime(recordedAt),
            TenantId = reader.IsDBNull(tenantId) ? null : reader.GetGuid(tenantId),
            ProjectId = reader.IsDBNull(projectId) ? null : reader.GetGuid(projectId),
            UserId = reader.IsDBNull(userId) ? null : reader.GetGuid(userId),
            UserLogin = reader.IsDBNull(userLogin) ? null : reader.GetString(userLogin),
            ClientIp = reader.IsDBNull(clientIp) ? null : reader.GetString(clientIp),
            NodeId = reader.GetString(nodeId),
            OperationKey = reader.GetString(operationKey),
            EntityKind = reader.IsDBNull(entityKind) ? null : reader.GetString(entityKind),
            EntityId = reader.IsDBNull(entityId) ? null : reader.GetString(entityId),
            Text = reader.IsDBNull(text) ? null : reader.GetString(text),
            Data = reader.IsDBNull(data) ? null : reader.GetString(data),
            TraceId = reader.IsDBNull(traceId) ? null : reader.GetString(traceId),
            Signature = reader.GetString(signature),
        };
    }
}
