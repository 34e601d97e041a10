using Docket.Server.Journal;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Export;

/// <summary>
/// Reads the next batch of a subscription after its cursor. Reading stops at the journal head read first: every
/// number up to the head is committed (numbers are handed out in commit order), so skipping the records the
/// filter leaves out is safe.
/// </summary>
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

        var records = await query.OrderBy(r => r.Sequence).Take(limit).ToListAsync(cancellationToken);
        return new Read(records, records.Count == limit ? records[^1].Sequence : head);
    }
}
