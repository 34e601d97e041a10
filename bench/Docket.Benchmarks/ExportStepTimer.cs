using System.Diagnostics;
using Docket.Contracts.Export;
using Docket.Server.Export.Sinks;
using Docket.Server.Export;
using Docket.Server.Journal;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Docket.Benchmarks;

/// <summary>
/// Where an export pass's time goes: the runner's steps done one by one as <c>ExportRunner.PassAsync</c> does them
/// (read the batch after the cursor, look up names, render, build the HEC body, the HTTP exchange, commit the cursor),
/// each timed, over the whole journal. It runs on a paused subscription of its own, which the runner leaves alone;
/// the steps are the server's public pieces (JournalReader, ExportNames, the profile, SplunkHecSink), and the commit is the
/// runner's usual one: a fresh scope and one conditional update.
/// </summary>
internal sealed class ExportStepTimer(BenchHost host)
{
    public static readonly string[] Steps = ["scope, subscription read", "read batch", "names", "render", "HEC body (JSON, and gzip when on)", "HTTP exchange (receiver included)", "cursor commit"];

    public async Task<ExportStepTimes> RunAsync(Guid pausedSubscription, Uri receiver, string token, bool gzip, CancellationToken cancellationToken)
    {
        var timing = new TimingHandler();
        using var http = new HttpClient(timing);
        var sink = new SplunkHecSink(
            new SplunkHecSinkOptions { Url = receiver, Token = token, Index = "docket", Gzip = gzip }, http, TimeProvider.System, NullLogger<SplunkHecSink>.Instance);
        var totals = new double[Steps.Length];
        var journalNames = host.Services.GetRequiredService<JournalNames>();
        long events = 0;
        var batches = 0;
        var cursor = 0L;
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            await using var scope = host.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var db = services.GetRequiredService<DocketDbContext>();
            var subscription = await db.ExportSubscriptions.AsNoTracking().SingleAsync(s => s.Id == pausedSubscription, cancellationToken);
            var t0 = Stopwatch.GetTimestamp();
            var read = await JournalReader.ReadAsync(db, cursor, new ExportRecordFilter(subscription.TenantId, new ExportFilter()), subscription.MaxBatchEvents, cancellationToken);
            if (read.Records.Count == 0)
            {
                break;
            }

            var t1 = Stopwatch.GetTimestamp();
            var batchNames = await ExportNames.ForAsync(journalNames, db, read.Records, cancellationToken);
            var t2 = Stopwatch.GetTimestamp();
            var profile = services.GetRequiredKeyedService<IExportProfile>(subscription.Profile);
            var items = read.Records.Select(r => profile.Render(r, batchNames)).ToList();
            var t3 = Stopwatch.GetTimestamp();
            var result = await sink.SendAsync(new ExportBatch(items), cancellationToken);
            var t5 = Stopwatch.GetTimestamp();
            if (result.Outcome != SinkOutcome.Delivered)
            {
                throw new InvalidOperationException($"The receiver refused a batch: {result.Error}");
            }

            await CommitAsync(pausedSubscription, read.ScannedTo, items.Count, cancellationToken);
            var t6 = Stopwatch.GetTimestamp();
            var t4 = timing.SentAt;
            double[] step =
            [
                Stopwatch.GetElapsedTime(start, t0).TotalMilliseconds, Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds, Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds,
                Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds, Stopwatch.GetElapsedTime(t3, t4).TotalMilliseconds,
                Stopwatch.GetElapsedTime(t4, t5).TotalMilliseconds, Stopwatch.GetElapsedTime(t5, t6).TotalMilliseconds,
            ];
            for (var i = 0; i < step.Length; i++)
            {
                totals[i] += step[i];
            }

            events += items.Count;
            batches++;
            cursor = read.ScannedTo;
        }

        return new ExportStepTimes(events, batches, totals);
    }

    /// <summary>The runner's usual commit: one conditional update, no read.</summary>
    private async Task CommitAsync(Guid id, long lastSequence, int count, CancellationToken cancellationToken)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var until = now + TimeSpan.FromSeconds(30);
        var updated = await db.ExportSubscriptions
            .Where(s => s.Id == id)
            .ExecuteUpdateAsync(
                s => s.SetProperty(x => x.Cursor, lastSequence).SetProperty(x => x.DeliveredCount, x => x.DeliveredCount + count)
                    .SetProperty(x => x.LastDeliveredAt, now).SetProperty(x => x.LeaseUntil, until),
                cancellationToken);
        if (updated != 1)
        {
            throw new InvalidOperationException("The bench's own subscription changed under the step timer.");
        }
    }

    /// <summary>Notes when the sink hands its request over, which splits building the body from the exchange.</summary>
    private sealed class TimingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        public long SentAt { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            SentAt = Stopwatch.GetTimestamp();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
