namespace Docket.Benchmarks;

/// <summary>
/// Reads a process's <see cref="ProcStatusMemory"/> every 100 ms on a thread of its own until stopped, and keeps the
/// sample with the highest resident size (with its anonymous and file-backed parts) and the series' shape.
/// </summary>
internal sealed class ArchiveMemorySampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly int pid;
    private readonly CancellationTokenSource stop = new();
    private readonly List<long> samples = [];
    private readonly Task loop;

    public ArchiveMemorySampler(int pid)
    {
        this.pid = pid;
        loop = Task.Run(LoopAsync);
    }

    /// <summary>The sample with the highest resident size so far.</summary>
    public ProcStatusMemory Highest { get; private set; } = new(0, 0, 0, 0);

    public int Count => samples.Count;

    /// <summary>The highest resident size in each tenth of the sampled time: does it climb with the items done, or level off?</summary>
    public IReadOnlyList<long> Tenths()
    {
        // Read after StopAsync only: the sampling thread owns the list until then.
        if (samples.Count < 10)
        {
            return samples;
        }

        return [.. Enumerable.Range(0, 10).Select(t => samples[(t * samples.Count / 10)..((t + 1) * samples.Count / 10)].Max())];
    }

    public async Task<ProcStatusMemory> StopAsync()
    {
        await stop.CancelAsync();
        await loop;
        return Highest;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                var memory = ProcStatusMemory.Read(pid);
                samples.Add(memory.Rss);
                if (memory.Rss > Highest.Rss)
                {
                    Highest = memory;
                }
            }
            while (await timer.WaitForNextTickAsync(stop.Token));
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }
}
