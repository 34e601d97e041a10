using System.Collections.Concurrent;
using Docket.Events;
using Docket.Server.Export;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Export;

/// <summary>
/// The runner's read-ahead on its own: consecutive batches in order, no further than its depth and never past the
/// journal's head, nothing handed over that does not start at the runner's cursor, failures passed on, and nothing left
/// reading once it is thrown away. The runner's use of it (replays, pauses, failed sends) is covered end to end by the
/// subscription and crash tests.
/// </summary>
public sealed class ExportReadAheadTests
{
    private const int BatchEvents = 10;
    private static readonly Guid Stamp = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Batches_come_in_journal_order_and_reading_stops_at_the_head()
    {
        var reads = new ConcurrentQueue<long>();
        await using var readAhead = new ExportReadAhead(4, Stamp, 0, (cursor, _) =>
        {
            reads.Enqueue(cursor);
            // A full batch up to sequence 30; the one after it finds 5 records: the head.
            return Task.FromResult(Batch(cursor, cursor < 30 ? BatchEvents : 5));
        }, Cancel);

        long at = 0;
        for (var i = 0; i < 4; i++)
        {
            var batch = await readAhead.TakeAsync(at, Stamp);
            batch.ShouldNotBeNull();
            batch.StartCursor.ShouldBe(at);
            batch.Items[0].Sequence.ShouldBe(at + 1);
            at = batch.LastSequence;
        }

        at.ShouldBe(35);
        (await readAhead.TakeAsync(at, Stamp)).ShouldBeNull();
        reads.ShouldBe([0, 10, 20, 30]);
    }

    [Fact]
    public async Task Reading_runs_no_further_ahead_than_its_depth()
    {
        var reads = new ConcurrentQueue<long>();
        await using var readAhead = new ExportReadAhead(2, Stamp, 0, (cursor, _) =>
        {
            reads.Enqueue(cursor);
            return Task.FromResult(Batch(cursor, BatchEvents));
        }, Cancel);

        // Two batches wait ready and the third, read, waits for room; nothing is taken.
        await WaitUntilAsync(() => reads.Count >= 3);
        await Task.Delay(300, Cancel);
        reads.Count.ShouldBe(3);

        (await readAhead.TakeAsync(0, Stamp)).ShouldNotBeNull();
        await WaitUntilAsync(() => reads.Count >= 4);
        await Task.Delay(300, Cancel);
        reads.Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_batch_that_does_not_start_at_the_cursor_or_was_read_with_other_settings_is_not_handed_over()
    {
        await using var readAhead = new ExportReadAhead(2, Stamp, 0, (cursor, _) => Task.FromResult(Batch(cursor, BatchEvents)), Cancel);

        // A replay moved the cursor back meanwhile.
        (await readAhead.TakeAsync(-5, Stamp)).ShouldBeNull();
        // An operator changed the subscription's settings.
        (await readAhead.TakeAsync(10, Guid.NewGuid())).ShouldBeNull();
        (await readAhead.TakeAsync(10, Stamp))!.StartCursor.ShouldBe(10);
    }

    [Fact]
    public async Task A_read_that_fails_is_passed_on_to_the_runner()
    {
        await using var readAhead = new ExportReadAhead(2, Stamp, 0, (cursor, _) =>
            cursor == 0 ? Task.FromResult(Batch(cursor, BatchEvents)) : Task.FromException<PreparedBatch>(new InvalidOperationException("database gone")), Cancel);

        (await readAhead.TakeAsync(0, Stamp)).ShouldNotBeNull();
        (await Should.ThrowAsync<InvalidOperationException>(() => readAhead.TakeAsync(10, Stamp))).Message.ShouldBe("database gone");
    }

    [Fact]
    public async Task Throwing_it_away_stops_the_read_in_progress()
    {
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var readAhead = new ExportReadAhead(2, Stamp, 0, async (cursor, token) =>
        {
            reading.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            finally
            {
                stopped.TrySetResult();
            }

            return Batch(cursor, BatchEvents);
        }, Cancel);

        await reading.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        await readAhead.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        stopped.Task.IsCompleted.ShouldBeTrue();
    }

    /// <summary>The batch after <paramref name="cursor"/>: <paramref name="count"/> records, at the head when not full.</summary>
    private static PreparedBatch Batch(long cursor, int count)
    {
        var items = Enumerable.Range(1, count).Select(i => new ExportItem
        {
            Sequence = cursor + i,
            Id = Guid.NewGuid(),
            Code = 3000,
            Name = "ProjectCreated",
            Class = EventClass.Information,
            EventType = "project.ProjectCreated",
            Timestamp = new DateTime(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc),
            NodeId = "node-1",
            Utf8Json = "{}"u8.ToArray(),
        }).ToList();
        return new PreparedBatch(cursor, Stamp, items, cursor + count, AtHead: count < BatchEvents);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (TimeProvider.System.TimestampFrequency * 10);
        while (!condition())
        {
            TimeProvider.System.GetTimestamp().ShouldBeLessThan(deadline, "the read-ahead did not read in time");
            await Task.Delay(10, Cancel);
        }
    }
}
