using Docket.Agent.Protocol.V1;
using Google.Protobuf.WellKnownTypes;

namespace Docket.Agent;

/// <summary>
/// The agent's log lines waiting for the server, bounded: while the server is unreachable the oldest lines go first,
/// counted, and the next batch starts with a line that says how many went. A batch that could not be sent is put back
/// in front, so a broken stream loses no line the queue still has room for.
/// </summary>
public sealed class LogQueue(int capacity)
{
    private readonly LinkedList<LogLine> lines = new();
    private readonly object gate = new();
    private long dropped;
    private TaskCompletionSource full = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How many lines make a batch worth sending before the second is up.</summary>
    public const int BatchLines = 500;

    public int Count
    {
        get
        {
            lock (gate)
            {
                return lines.Count;
            }
        }
    }

    /// <summary>Completes once a whole batch is waiting.</summary>
    public Task Full
    {
        get
        {
            lock (gate)
            {
                return full.Task;
            }
        }
    }

    public void Add(LogLine line)
    {
        lock (gate)
        {
            lines.AddLast(line);
            Trim();
            if (lines.Count >= BatchLines)
            {
                full.TrySetResult();
            }
        }
    }

    /// <summary>Up to <see cref="BatchLines"/> lines, oldest first, led by a line counting those dropped since the last batch.</summary>
    public IReadOnlyList<LogLine> Take(DateTimeOffset now)
    {
        lock (gate)
        {
            var batch = new List<LogLine>(Math.Min(lines.Count + 1, BatchLines));
            if (dropped > 0)
            {
                batch.Add(new LogLine
                {
                    Time = Timestamp.FromDateTimeOffset(now),
                    Level = "Warning",
                    Message = $"{dropped} log line(s) were dropped while the server could not be reached (Agent:LogQueueLines is {capacity}).",
                });
                dropped = 0;
            }

            while (batch.Count < BatchLines && lines.First is { } first)
            {
                batch.Add(first.Value);
                lines.RemoveFirst();
            }

            if (lines.Count < BatchLines && full.Task.IsCompleted)
            {
                full = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return batch;
        }
    }

    /// <summary>Puts back a batch that was not sent, in front of what came since, dropping the oldest beyond capacity.</summary>
    public void PutBack(IReadOnlyList<LogLine> batch)
    {
        lock (gate)
        {
            for (var i = batch.Count - 1; i >= 0; i--)
            {
                lines.AddFirst(batch[i]);
            }

            Trim();
        }
    }

    private void Trim()
    {
        while (lines.Count > capacity)
        {
            lines.RemoveFirst();
            dropped++;
        }
    }
}
