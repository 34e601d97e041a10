using Docket.Events;
using Docket.Server.Storage;
using Docket.Server.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Docket.Server.Journal;

/// <summary>
/// Removes records older than <c>Journal:RetentionDays</c>, oldest first, moving the chain's anchor to the last
/// removed record so the remaining chain still verifies. Each move is vouched for by a 91000 record, signed into the
/// chain in the same transaction, naming the new anchor: the verifier accepts an anchor only when the newest such
/// record names it, so whoever lacks the signing key cannot trim the start of the journal by moving the anchor.
/// </summary>
internal sealed partial class JournalRetentionService(
    IServiceScopeFactory scopes,
    IOptionsMonitor<JournalOptions> options,
    TimeProvider time,
    ILogger<JournalRetentionService> logger) : BackgroundWorker(scopes, time, logger)
{
    private const int Batch = 5000;

    protected override TimeSpan Interval => options.CurrentValue.RetentionInterval;

    protected override async Task<bool> RunPassAsync(IServiceProvider services, CancellationToken stoppingToken)
    {
        if (options.CurrentValue.RetentionDays > 0)
        {
            var removed = await PruneAsync(services.GetRequiredService<DocketDbContext>(), services.GetRequiredService<IJournal>(), stoppingToken);
            if (removed > 0)
            {
                LogPruned(Logger, removed, options.CurrentValue.RetentionDays);
            }
        }

        return false;
    }

    /// <summary>Removes everything recorded before the retention cutoff; returns how many records went.</summary>
    public async Task<long> PruneAsync(DocketDbContext db, IJournal journal, CancellationToken cancellationToken)
    {
        var days = options.CurrentValue.RetentionDays;
        var cutoff = Time.GetUtcNow().UtcDateTime.AddDays(-days);
        long total = 0;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Takes the head's row lock, as appends do, so the anchor moves consistently.
            await db.Database.ExecuteSqlRawAsync("UPDATE journal_head SET anchor_sequence = anchor_sequence WHERE id = 1", cancellationToken);
            var last = await db.JournalRecords.AsNoTracking()
                .Where(r => r.RecordedAt < cutoff)
                .OrderBy(r => r.Sequence)
                .Skip(Batch - 1)
                .Select(r => new { r.Sequence, r.Signature })
                .FirstOrDefaultAsync(cancellationToken)
                ?? await db.JournalRecords.AsNoTracking()
                    .Where(r => r.RecordedAt < cutoff)
                    .OrderByDescending(r => r.Sequence)
                    .Select(r => new { r.Sequence, r.Signature })
                    .FirstOrDefaultAsync(cancellationToken);
            if (last is null)
            {
                return total;
            }

            var removed = await db.JournalRecords.Where(r => r.Sequence <= last.Sequence).ExecuteDeleteAsync(cancellationToken);
            await db.JournalHeads.ExecuteUpdateAsync(
                s => s.SetProperty(h => h.AnchorSequence, last.Sequence).SetProperty(h => h.AnchorSignature, last.Signature),
                cancellationToken);
            journal.Record(EventCode.JournalRecordsRemoved, JournalAnchor.Vouch(last.Sequence, last.Signature, removed, days));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            total += removed;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Journal retention removed {Count} record(s) older than {Days} day(s)")]
    private static partial void LogPruned(ILogger logger, long count, int days);
}
