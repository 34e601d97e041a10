using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Docket.Contracts.Export;
using Docket.Server.Common;
using Docket.Server.Export;
using Docket.Server.Features.Projects;
using Docket.Server.Features.Tenants;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage;
using Docket.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Benchmarks;

/// <summary>
/// Export to a Splunk HEC receiver on loopback, through the running server's own export runner. Throughput: the
/// journal is filled with <see cref="BenchSettings.Events"/> records, and a subscription replays them all; the time
/// runs from the replay's request to the receiver counting the last event. Its ceiling, in the same run and
/// interleaved with it: the same receiver fed the bodies the export sent, by a bare HttpClient. Lag: a writer
/// commits at a steady rate through the real journal path while the subscription follows it live; each event's
/// journal time against the moment the receiver answered for it.
/// </summary>
internal sealed class ExportBenchmark(BenchHost host, BenchSettings settings, Report report)
{
    private const string Token = "bench-hec-token";
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromMinutes(5);

    // The Administrator's subscription (every tenant), as an operator would set one up for a SIEM.
    private static readonly Caller Administrator = new(Guid.Empty, Guid.Empty, IsAdministrator: true);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var receiver = await CountingHecReceiver.StartAsync(Token, cancellationToken);

        Report.Progress($"filling {settings.Events:N0} records");
        var journal = new SyntheticJournal(settings.Seed, settings.Events, TimeProvider.System.GetUtcNow().UtcDateTime, host.Signer);
        var fill = await JournalFiller.FillAsync(host, journal, analyzeSqlite: false, cancellationToken);
        await AddNamesAsync(journal, cancellationToken);

        await host.StartServerAsync(cancellationToken);
        var subscription = await CreateSubscriptionAsync(receiver, "bench", enabled: true, cancellationToken);
        // The creation's own event is the first delivery: once the cursor has it, the runner holds the lease and idles.
        await WaitForCursorAsync(subscription.Id, await HeadAsync(cancellationToken), cancellationToken);

        // Untimed full replays first: they bring the runner's per-batch methods to their optimized code (tiered JIT and
        // its profile-guided recompilation take a few hundred batches) and let the server GC size its heaps (DATAS adapts
        // over seconds); the first captures the bodies the ceiling replays, and the ceiling gets warm-up passes of its own.
        Report.Progress($"warming up ({settings.WarmupReplays} replays)");
        var warm = await ExportRoundAsync(receiver, subscription.Id, 1, capture: true, cancellationToken);
        var bodies = receiver.TakeCaptured();
        var bodyEvents = warm.Events;
        await CeilingRoundAsync(receiver, bodies, bodyEvents, settings.Gzip, cancellationToken);
        for (var replay = 2; replay <= settings.WarmupReplays; replay++)
        {
            await ExportRoundAsync(receiver, subscription.Id, 1, capture: false, cancellationToken);
            await CeilingRoundAsync(receiver, bodies, bodyEvents, settings.Gzip, cancellationToken);
        }

        var rounds = new List<ThroughputRound>();
        for (var round = 1; round <= settings.Rounds; round++)
        {
            // Alternate which goes first, so that neither always follows the other's garbage or checkpoint.
            ThroughputSample export, ceiling;
            if (round % 2 == 1)
            {
                export = await ExportRoundAsync(receiver, subscription.Id, 1, capture: false, cancellationToken);
                ceiling = await CeilingRoundAsync(receiver, bodies, bodyEvents, settings.Gzip, cancellationToken);
            }
            else
            {
                ceiling = await CeilingRoundAsync(receiver, bodies, bodyEvents, settings.Gzip, cancellationToken);
                export = await ExportRoundAsync(receiver, subscription.Id, 1, capture: false, cancellationToken);
            }

            rounds.Add(new ThroughputRound(export, ceiling));
            Report.Progress($"round {round}: export {Report.Number(export.Rate)} events/s, ceiling {Report.Number(ceiling.Rate)} events/s ({Report.Percent(export.Rate / ceiling.Rate)})");
        }

        Report.Progress("timing the runner's steps one by one");
        var paused = await CreateSubscriptionAsync(receiver, "bench-steps", enabled: false, cancellationToken);
        var steps = await new ExportStepTimer(host).RunAsync(paused.Id, receiver.BaseAddress, Token, settings.Gzip, cancellationToken);

        LagResult? lag = null;
        if (settings.LagSeconds > 0)
        {
            Report.Progress($"lag: writing {settings.LagRate:N0} events/s for {settings.LagSeconds} s");
            lag = await LagAsync(receiver, subscription.Id, cancellationToken);
        }

        await using var lease = await host.OpenConnectionAsync(cancellationToken);
        var database = await DatabaseInfo.DescribeAsync(lease, host.Provider, cancellationToken);
        await lease.DisposeAsync();
        var stored = await GetAsync(subscription.Id, cancellationToken);
        WriteReport(database, fill, stored, bodies, bodyEvents, rounds, steps, lag, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Replays the subscription from <paramref name="from"/> and times it until the receiver has every event up to the head.</summary>
    private async Task<ThroughputSample> ExportRoundAsync(
        CountingHecReceiver receiver, Guid id, long from, bool capture, CancellationToken cancellationToken)
    {
        receiver.Capture = capture;
        var done = receiver.ResetAndWaitFor(long.MaxValue);
        var memory = MemorySnapshot.Take();
        var cpu = Environment.CpuUsage.TotalTime;
        var start = Stopwatch.GetTimestamp();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var replayed = await scope.ServiceProvider.GetRequiredService<ExportSubscriptionService>()
                .ReplayAsync(Administrator, id, new ReplayRequest { FromSequence = from }, cancellationToken);
            if (replayed.Error is { } error)
            {
                throw new InvalidOperationException($"Replay refused: {error}");
            }
        }

        // The replay recorded its own event after the head it rewound from: the round ends with that one.
        var head = await HeadAsync(cancellationToken);
        receiver.SetTarget(head - from + 1);
        await done.WaitAsync(RoundTimeout, cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(start, receiver.ReachedAt).TotalSeconds;
        var cpuSeconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        var memoryUsed = MemorySnapshot.Take() - memory;
        var requests = receiver.Requests;
        receiver.Capture = false;
        // The last batch's cursor commit, so that the next round starts from an idle subscription.
        await WaitForCursorAsync(id, head, cancellationToken);
        return new ThroughputSample(head - from + 1, seconds, requests, cpuSeconds, memoryUsed);
    }

    private static async Task<ThroughputSample> CeilingRoundAsync(CountingHecReceiver receiver, List<byte[]> bodies, long events, bool gzip, CancellationToken cancellationToken)
    {
        using var ceiling = new HecCeiling(receiver.BaseAddress, Token, gzip);
        // One warm request, so that the round does not pay the connection's set-up that the sink's pooled one has not.
        await ceiling.SendAsync(bodies[..1], cancellationToken);
        var done = receiver.ResetAndWaitFor(events);
        var memory = MemorySnapshot.Take();
        var cpu = Environment.CpuUsage.TotalTime;
        var start = Stopwatch.GetTimestamp();
        await ceiling.SendAsync(bodies, cancellationToken);
        await done.WaitAsync(RoundTimeout, cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(start, receiver.ReachedAt).TotalSeconds;
        return new ThroughputSample(events, seconds, receiver.Requests, (Environment.CpuUsage.TotalTime - cpu).TotalSeconds, MemorySnapshot.Take() - memory);
    }

    private async Task<LagResult> LagAsync(CountingHecReceiver receiver, Guid id, CancellationToken cancellationToken)
    {
        // Whatever the journal holds (the step timer's subscription events) is delivered before counting starts.
        await WaitForCursorAsync(id, await HeadAsync(cancellationToken), cancellationToken);
        receiver.TakeLags();
        receiver.MeasureLag = true;
        var done = receiver.ResetAndWaitFor(long.MaxValue);
        var writer = new SteadyJournalWriter(host.Services, new AppendWorkload(settings.Seed, host.NodeId, TimeProvider.System));
        var seconds = await writer.RunAsync(TimeSpan.FromSeconds(settings.LagSeconds), settings.LagRate, settings.LagBatch, cancellationToken);
        receiver.SetTarget(writer.Written);
        await done.WaitAsync(RoundTimeout, cancellationToken);
        receiver.MeasureLag = false;
        await WaitForCursorAsync(id, await HeadAsync(cancellationToken), cancellationToken);
        var lags = new LatencyStats();
        foreach (var lag in receiver.TakeLags())
        {
            lags.Add(lag, 1);
        }

        return new LagResult(writer.Written, seconds, writer.Commits, lags, receiver.Requests);
    }

    /// <summary>The tenants and projects the synthetic journal names, so that envelopes carry their names as on a live server.</summary>
    private async Task AddNamesAsync(SyntheticJournal journal, CancellationToken cancellationToken)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        for (var i = 0; i < journal.Tenants.Count; i++)
        {
            var name = journal.TenantName(journal.Tenants[i]);
            db.Tenants.Add(new Tenant { Id = journal.Tenants[i], Name = name, NormalizedName = TextRules.Normalize(name), CreatedAt = now });
        }

        foreach (var project in journal.Projects)
        {
            db.Projects.Add(new Project
            {
                Id = project.Id, TenantId = project.Tenant, Name = project.Name, NormalizedName = TextRules.Normalize(project.Name), CreatedAt = now, UpdatedAt = now,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<ExportSubscriptionResponse> CreateSubscriptionAsync(CountingHecReceiver receiver, string name, bool enabled, CancellationToken cancellationToken)
    {
        await using var scope = host.Services.CreateAsyncScope();
        // The sink's defaults otherwise: no indexer acknowledgement (the receiver answers once it has counted).
        var sinkSettings = JsonSerializer.SerializeToElement(new { url = receiver.BaseAddress, token = Token, index = "docket", gzip = settings.Gzip });
        var created = await scope.ServiceProvider.GetRequiredService<ExportSubscriptionService>().CreateAsync(
            Administrator, new ExportSubscriptionRequest { Name = name, Sink = SinkKind.SplunkHec, Settings = sinkSettings, Enabled = enabled, MaxBatchEvents = settings.MaxBatchEvents }, cancellationToken);
        return created.Value ?? throw new InvalidOperationException($"Subscription refused: {created.Error}");
    }

    private async Task<ExportSubscriptionResponse> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var found = await scope.ServiceProvider.GetRequiredService<ExportSubscriptionService>().GetAsync(Administrator, id, cancellationToken);
        return found.Value ?? throw new InvalidOperationException($"Subscription not found: {found.Error}");
    }

    private async Task<long> HeadAsync(CancellationToken cancellationToken)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DocketDbContext>().JournalHeads.AsNoTracking()
            .Select(h => h.LastSequence).SingleAsync(cancellationToken);
    }

    private async Task WaitForCursorAsync(Guid id, long sequence, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp();
        while (true)
        {
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var subscription = await scope.ServiceProvider.GetRequiredService<DocketDbContext>().ExportSubscriptions.AsNoTracking()
                    .SingleAsync(s => s.Id == id, cancellationToken);
                if (subscription.Cursor >= sequence)
                {
                    return;
                }

                if (Stopwatch.GetElapsedTime(deadline) > RoundTimeout)
                {
                    throw new TimeoutException($"The subscription's cursor stayed at {subscription.Cursor} ({subscription.State}: {subscription.LastError}), short of {sequence}.");
                }
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private void WriteReport(
        IReadOnlyList<string> database, FillTimes fill, ExportSubscriptionResponse subscription, List<byte[]> bodies, long bodyEvents,
        List<ThroughputRound> rounds, ExportStepTimes steps, LagResult? lag, TimeSpan took)
    {
        var sent = bodies.Sum(b => (long)b.Length);
        var encoding = settings.Gzip ? "gzipped" : "plain (no gzip)";
        report.Line($"## Export to Splunk HEC: {host.Provider}");
        report.Line();
        report.Line($"Settings in effect (read back from the database): {string.Join("; ", database)}.");
        report.Line();
        report.Line($"Journal: {fill.Rows:N0} synthetic records (filled in {fill.Total.TotalSeconds:N1} s), their 5 tenants and 200 projects in the database. "
            + $"Subscription: the Administrator's, every tenant, profile `{subscription.Profile}`, {subscription.MaxBatchEvents:N0} events or "
            + $"{subscription.MaxBatchBytes / 1024 / 1024} MiB a batch, linger {subscription.LingerMilliseconds} ms, sink SplunkHec {(settings.Gzip ? "with" : "without")} gzip, no indexer acknowledgement. "
            + $"The export sent {bodies.Count:N0} requests for {bodyEvents:N0} events, {Report.Number(sent / (double)bodyEvents, "N0")} {encoding} bytes an event "
            + $"({Report.Number(sent / 1024.0 / 1024.0, "N1")} MiB in all).");
        report.Line();
        report.Line("### Throughput");
        report.Line();
        report.Line("Export: from the replay's request (sequence 1) until the receiver counted the last event. Ceiling: the bodies the export sent "
            + "(captured during the untimed warm-up replay), posted one at a time by a bare HttpClient, until the receiver counted the last event. "
            + "CPU: this process's (server, runner and receiver) CPU seconds per 100,000 events; the database's own work is outside it on PostgreSQL. "
            + "GC pause: the share of the round the process spent stopped for garbage collection; allocated: the process's allocations (server, runner and receiver) per event.");
        report.Line();
        report.Table(
            ["round", "export events/s", "ceiling events/s", "export / ceiling", "export CPU s / 100k", "ceiling CPU s / 100k", "export GC pause", "export KiB allocated / event", "ceiling KiB allocated / event"],
            rounds.Select((r, i) => (IReadOnlyList<string>)
            [
                (i + 1).ToString(CultureInfo.InvariantCulture),
                Report.Number(r.Export.Rate),
                Report.Number(r.Ceiling.Rate),
                Report.Percent(r.Export.Rate / r.Ceiling.Rate),
                Report.Number(r.Export.CpuPer100k, "N2"),
                Report.Number(r.Ceiling.CpuPer100k, "N2"),
                Report.Percent(r.Export.Memory.Pause.TotalSeconds / r.Export.Seconds),
                Report.Number(r.Export.Memory.Allocated / 1024.0 / r.Export.Events, "N1"),
                Report.Number(r.Ceiling.Memory.Allocated / 1024.0 / r.Ceiling.Events, "N1"),
            ]));
        var export = Median(rounds.Select(r => r.Export.Rate));
        var ceiling = Median(rounds.Select(r => r.Ceiling.Rate));
        var ratio = Median(rounds.Select(r => r.Export.Rate / r.Ceiling.Rate));
        report.Line($"Median: export {Report.Number(export)} events/s, ceiling {Report.Number(ceiling)} events/s, export / ceiling {Report.Percent(ratio)} "
            + $"(goals: at least 60 % of the ceiling: {(ratio >= 0.6 ? "met" : "missed")}; at least 50,000 events/s: {(export >= 50_000 ? "met" : "missed")}).");
        report.Line();

        // The first steps read and render; the rest send and commit. The runner does them one after the other.
        const int FirstSendingStep = 4;
        var reading = Enumerable.Range(0, FirstSendingStep).Sum(steps.PerThousand);
        var sending = Enumerable.Range(FirstSendingStep, ExportStepTimer.Steps.Length - FirstSendingStep).Sum(steps.PerThousand);
        report.Line("### Where a pass's time goes");
        report.Line();
        report.Line($"The runner's steps done one by one as ExportRunner.PassAsync does them, each timed, over the whole journal ({steps.Batches:N0} batches, "
            + $"{steps.Events:N0} events), on a paused subscription of the bench's own (same sink settings, same receiver).");
        report.Line();
        report.Table(
            ["step", "ms per 1,000 events", "share"],
            ExportStepTimer.Steps.Select((name, i) => (IReadOnlyList<string>)
                [name, Report.Number(steps.PerThousand(i), "N1"), Report.Percent(steps.Milliseconds[i] / steps.Total)])
            .Append(["**all, one after the other**", Report.Number(reading + sending, "N1"), "100 %"]));
        report.Line($"Done one after the other, as the runner does, the steps allow {Report.Number(1_000_000 / (reading + sending))} events/s. "
            + $"Reading and rendering take {Report.Number(reading, "N1")} ms per 1,000 events, sending and committing {Report.Number(sending, "N1")} ms; "
            + $"were the next batch read while the current one is sent, the longer of the two would bound the rate at {Report.Number(1_000_000 / Math.Max(reading, sending))} events/s "
            + "(if the two cores were free for it).");
        report.Line();

        if (lag is not null)
        {
            report.Line("### Lag at a steady rate");
            report.Line();
            report.Line($"A writer recorded {lag.Written:N0} events in {lag.Seconds:N1} s ({Report.Number(lag.Written / lag.Seconds)} events/s; goal {settings.LagRate:N0}) "
                + $"through IJournal.Record and SaveChangesAsync, {settings.LagBatch} events a transaction on a fixed schedule; commits took "
                + $"p50 {Report.Number(lag.Commits.Percentile(0.5), "N1")} ms, p99 {Report.Number(lag.Commits.Percentile(0.99), "N1")} ms, max {Report.Number(lag.Commits.Max, "N1")} ms. "
                + $"The export followed it live in {lag.Requests:N0} requests ({Report.Number(lag.Written / (double)Math.Max(1, lag.Requests), "N0")} events each). "
                + "Lag: the receiver's clock when it answered, minus the event's journal time (`x-opt-enqueued-time`, taken in the committing transaction), in milliseconds.");
            report.Line();
            report.Table(
                ["events", "p50 ms", "p95 ms", "p99 ms", "max ms", "goal p99 < 500 ms"],
                [
                    [
                        lag.Lags.Count.ToString("N0", CultureInfo.InvariantCulture),
                        Report.Number(lag.Lags.Percentile(0.5), "N0"),
                        Report.Number(lag.Lags.Percentile(0.95), "N0"),
                        Report.Number(lag.Lags.Percentile(0.99), "N0"),
                        Report.Number(lag.Lags.Max, "N0"),
                        lag.Lags.Percentile(0.99) < 500 ? "met" : "**missed**",
                    ],
                ]);
        }

        report.Line($"Final status of the subscription: {subscription.Status.State}, {subscription.Status.DeliveredCount:N0} delivered, cursor {subscription.Status.LastDeliveredSequence:N0}, "
            + $"lag {subscription.Status.LagEvents} events. Mode took {took.TotalSeconds.ToString("N0", CultureInfo.InvariantCulture)} s.");
        report.Line();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private sealed record ThroughputSample(long Events, double Seconds, long Requests, double CpuSeconds, MemorySnapshot Memory)
    {
        public double Rate => Events / Seconds;
        public double CpuPer100k => CpuSeconds * 100_000 / Events;
    }

    private sealed record ThroughputRound(ThroughputSample Export, ThroughputSample Ceiling);

    private sealed record LagResult(int Written, double Seconds, LatencyStats Commits, LatencyStats Lags, long Requests);
}
