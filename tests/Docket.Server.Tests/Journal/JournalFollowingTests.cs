using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Journal;
using Docket.Server.Storage;
using Docket.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Journal;

/// <summary>
/// The property the exporters stand on: a follower that reads <c>sequence &gt; cursor</c> never skips an event that
/// committed late with a lower number. Many writers commit concurrently (single events and batches, some
/// transactions held open a while) while a follower reads; it must see every event exactly once, in order.
/// </summary>
public sealed class JournalFollowingTests(DocketServer server) : IClassFixture<DocketServer>
{
    private const int Writers = 8;
    private const int TransactionsPerWriter = 60;

    [Fact]
    public async Task A_follower_sees_every_event_exactly_once_in_sequence_order_under_concurrent_writers()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var marker = "follow-" + Guid.NewGuid().ToString("N");
        long start;
        await using (var scope = server.Scope())
        {
            start = await scope.ServiceProvider.GetRequiredService<DocketDbContext>().JournalHeads.Select(h => h.LastSequence).SingleAsync(cancellation);
        }

        var writing = Enumerable.Range(0, Writers).Select(writer => Task.Run(() => WriteAsync(writer, marker, cancellation), cancellation)).ToArray();
        var allWritten = Task.WhenAll(writing);

        var seen = new List<JournalRecord>();
        var cursor = start;
        await using (var scope = server.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
            var idle = 0;
            while (idle < 3)
            {
                var batch = await db.JournalRecords.AsNoTracking()
                    .Where(r => r.Sequence > cursor).OrderBy(r => r.Sequence).Take(50).ToListAsync(cancellation);
                foreach (var record in batch)
                {
                    // Gap-free numbering in commit order: the next record is always cursor + 1.
                    record.Sequence.ShouldBe(cursor + 1);
                    cursor = record.Sequence;
                    seen.Add(record);
                }

                idle = batch.Count == 0 && allWritten.IsCompleted ? idle + 1 : 0;
                if (batch.Count == 0)
                {
                    await Task.Delay(5, cancellation);
                }
            }
        }

        var written = (await allWritten).SelectMany(ids => ids).ToHashSet();
        var mine = seen.Where(r => r.Text == marker).Select(r => r.Id).ToList();
        mine.Count.ShouldBe(written.Count);
        mine.ToHashSet().SetEquals(written).ShouldBeTrue();
        mine.Distinct().Count().ShouldBe(mine.Count);
        written.Count.ShouldBeGreaterThan(Writers * TransactionsPerWriter);
    }

    private async Task<List<Guid>> WriteAsync(int writer, string marker, CancellationToken cancellation)
    {
        var ids = new List<Guid>();
        var random = new Random(writer);
        for (var transaction = 0; transaction < TransactionsPerWriter; transaction++)
        {
            await using var scope = server.Scope();
            var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
            var journal = scope.ServiceProvider.GetRequiredService<IJournal>();
            scope.ServiceProvider.GetRequiredService<OperationContext>().OperationKey = $"writer-{writer}-{transaction}";
            var events = random.Next(1, 4);
            for (var i = 0; i < events; i++)
            {
                journal.Record(EventCode.ProjectUpdated, new JournalEvent { Text = marker, EntityKind = "Test", EntityId = $"{writer}/{transaction}/{i}" });
            }

            if (random.Next(4) == 0)
            {
                // A transaction that stays open after appending: the follower must wait for it, not pass it.
                await using var open = await db.Database.BeginTransactionAsync(cancellation);
                await db.SaveChangesAsync(cancellation);
                await Task.Delay(random.Next(1, 15), cancellation);
                await open.CommitAsync(cancellation);
            }
            else
            {
                await db.SaveChangesAsync(cancellation);
            }

            ids.AddRange(await db.JournalRecords.AsNoTracking()
                .Where(r => r.OperationKey == $"writer-{writer}-{transaction}").Select(r => r.Id).ToListAsync(cancellation));
        }

        return ids;
    }
}
