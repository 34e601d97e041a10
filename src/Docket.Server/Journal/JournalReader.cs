using System.Runtime.CompilerServices;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Journal;

/// <summary>
/// The one way to read the journal forward: the records after a sequence that a filter takes, in sequence order, in
/// batches; and, for a follower (the live tail, export, later agents and the console), waiting on this node's commits
/// for more. Each read stops at the head read just before it: every number up to the head is committed (numbers are
/// handed out in commit order, under the head's lock), so a cursor may move to the head past what the filter left out
/// and never skips a record that commits later.
/// </summary>
public sealed class JournalReader(JournalNotifier notifier, TimeProvider time)
{
    /// <summary>A task that completes at this node's next commit: take it before a read, wait on it after one that reached the head.</summary>
    public Task NextCommit => notifier.NextCommit;

    /// <summary>At most <paramref name="limit"/> records after <paramref name="after"/> that <paramref name="filter"/> takes, oldest first.</summary>
    public static async Task<JournalBatch> ReadAsync(DocketDbContext db, long after, IJournalRecordFilter filter, int limit, CancellationToken cancellationToken)
    {
        var head = await db.JournalHeads.AsNoTracking().Select(h => h.LastSequence).SingleAsync(cancellationToken);
        var query = filter.Apply(db.JournalRecords.AsNoTracking().Where(r => r.Sequence > after && r.Sequence <= head));
        var records = await query.OrderBy(r => r.Sequence).Take(limit).ToListAsync(cancellationToken);
        return records.Count == limit ? new JournalBatch(records, records[^1].Sequence, AtHead: false) : new JournalBatch(records, Math.Max(head, after), AtHead: true);
    }

    /// <summary>
    /// Every record after <paramref name="after"/> that <paramref name="filter"/> takes, in order, read in batches of
    /// <paramref name="batchSize"/>. At the head it ends, or, when <paramref name="follow"/>, waits for this node's next
    /// commit (or <paramref name="poll"/>, for other replicas' commits) and reads on.
    /// </summary>
    public async IAsyncEnumerable<JournalRecord> ReadAllAsync(
        DocketDbContext db, long after, IJournalRecordFilter filter, int batchSize, bool follow, TimeSpan poll,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            // Taken before the read, so that a commit landing between the read and the wait still wakes it.
            var next = NextCommit;
            var batch = await ReadAsync(db, after, filter, batchSize, cancellationToken);
            foreach (var record in batch.Records)
            {
                yield return record;
            }

            after = batch.ScannedTo;
            if (!batch.AtHead)
            {
                continue;
            }

            if (!follow)
            {
                yield break;
            }

            await WaitAsync(next, poll, cancellationToken);
        }
    }

    /// <summary>Waits for <paramref name="nextCommit"/> (taken from <see cref="NextCommit"/> before the last read) or the poll interval.</summary>
    public async Task WaitAsync(Task nextCommit, TimeSpan poll, CancellationToken cancellationToken)
    {
        await Task.WhenAny(nextCommit, Task.Delay(poll, time, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
    }
}
