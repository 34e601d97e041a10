using System.Diagnostics;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Journal;
using Docket.Server.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Benchmarks;

/// <summary>
/// Writes the journal at a steady rate through the real path (a scope, the operation context, <c>IJournal.Record</c>,
/// <c>SaveChangesAsync</c>), as a busy server's requests do. The rate is reached by pacing transactions of
/// <c>batch</c> events on a fixed schedule: one event per transaction tops out near 1,000 a second on this machine
/// (see results/journal.md). A transaction that falls behind its slot runs at once, so a stall shows as a burst
/// afterwards, not as a lower rate.
/// </summary>
internal sealed class SteadyJournalWriter(IServiceProvider services, AppendWorkload workload)
{
    private const EventCode Code = EventCode.ProjectUpdated;

    /// <summary>Commit durations (ms), one per transaction.</summary>
    public LatencyStats Commits { get; } = new();

    public int Written { get; private set; }

    /// <summary>Writes for <paramref name="duration"/> at <paramref name="rate"/> events/s; returns the seconds it took.</summary>
    public async Task<double> RunAsync(TimeSpan duration, int rate, int batch, CancellationToken cancellationToken)
    {
        var transactions = (int)Math.Max(1, duration.TotalSeconds * rate / batch);
        // Built before the clock starts: the samples are the request's input, not the journal's work.
        var samples = workload.Create(transactions * batch, batch);
        var interval = TimeSpan.FromSeconds((double)batch / rate);
        var start = Stopwatch.GetTimestamp();
        for (var t = 0; t < transactions; t++)
        {
            var wait = (interval * t) - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken);
            }

            var begun = Stopwatch.GetTimestamp();
            await using (var scope = services.CreateAsyncScope())
            {
                var provider = scope.ServiceProvider;
                samples[t * batch].ApplyTo(provider.GetRequiredService<OperationContext>());
                var journal = provider.GetRequiredService<IJournal>();
                for (var i = t * batch; i < (t + 1) * batch; i++)
                {
                    journal.Record(Code, samples[i].Event);
                }

                await provider.GetRequiredService<DocketDbContext>().SaveChangesAsync(cancellationToken);
            }

            Commits.Add(Stopwatch.GetElapsedTime(begun).TotalMilliseconds, batch);
            Written += batch;
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
