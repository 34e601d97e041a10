using Docket.Agent;
using Docket.Agent.Protocol.V1;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Agents;

/// <summary>The agent's queue of log lines for the server: bounded, oldest dropped and counted, unsent batches put back.</summary>
[Trait("Category", "Fast")]
public sealed class LogQueueTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_full_queue_drops_the_oldest_lines_and_the_next_batch_says_how_many()
    {
        var queue = new LogQueue(3);
        foreach (var i in Enumerable.Range(1, 5))
        {
            queue.Add(new LogLine { Message = $"line {i}" });
        }

        var batch = queue.Take(Now);

        batch.Select(l => l.Message).ShouldBe(["2 log line(s) were dropped while the server could not be reached (Agent:LogQueueLines is 3).", "line 3", "line 4", "line 5"]);
        batch[0].Level.ShouldBe("Warning");
        queue.Take(Now).ShouldBeEmpty();
    }

    [Fact]
    public void An_unsent_batch_goes_back_in_front_of_lines_that_came_since()
    {
        var queue = new LogQueue(10);
        queue.Add(new LogLine { Message = "a" });
        queue.Add(new LogLine { Message = "b" });
        var batch = queue.Take(Now);
        queue.Add(new LogLine { Message = "c" });

        queue.PutBack(batch);

        queue.Take(Now).Select(l => l.Message).ShouldBe(["a", "b", "c"]);
    }

    [Fact]
    public void A_batch_holds_at_most_BatchLines_and_Full_completes_when_a_whole_batch_waits()
    {
        var queue = new LogQueue(10_000);
        foreach (var i in Enumerable.Range(0, LogQueue.BatchLines - 1))
        {
            queue.Add(new LogLine { Message = $"{i}" });
        }

        queue.Full.IsCompleted.ShouldBeFalse();
        queue.Add(new LogLine { Message = "last" });
        queue.Add(new LogLine { Message = "over" });
        queue.Full.IsCompleted.ShouldBeTrue();

        queue.Take(Now).Count.ShouldBe(LogQueue.BatchLines);
        queue.Full.IsCompleted.ShouldBeFalse();
        queue.Count.ShouldBe(1);
    }
}
