using System.Diagnostics;
using System.Globalization;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Journal;
using Docket.Server.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Benchmarks;

/// <summary>
/// Journal append throughput against a raw INSERT of the same rows, in the same run: one event per transaction and
/// batched. The variants of a kind run interleaved in small blocks (the order rotating from block to block), so that
/// a noisy neighbour, a WAL checkpoint or a slow fsync hits all of them alike; each round yields one rate per variant
/// (its events over its summed time) and the median over the rounds is reported.
/// </summary>
internal sealed class AppendBenchmark(BenchHost host, BenchSettings settings, Report report)
{
    private const EventCode Code = EventCode.ProjectUpdated;

    private readonly AppendWorkload workload = new(settings.Seed, host.NodeId, TimeProvider.System);

    private enum Kind
    {
        Single,
        Batched,
    }

    private enum Role
    {
        Journal,
        Baseline,
        Diagnostic,
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var lease = await host.OpenConnectionAsync(cancellationToken);
        var raw = new List<RawJournalWriter>();
        for (var i = 1; i <= 8; i++)
        {
            raw.Add(await RawJournalWriter.CreateAsync(lease, host.Provider, host.Dialect, $"bench_raw{i}", cancellationToken));
        }

        var batch = settings.BatchSize;
        var lockHead = host.Dialect.LockHeadSql;

        Variant[] variants =
        [
            new("journal, 1 event per transaction", Kind.Single, Role.Journal, (s, _, ct) => JournalEachAsync(s, ct)),
            new("raw prepared INSERT, 1 row per transaction", Kind.Single, Role.Baseline, (_, r, ct) => raw[0].InsertEachAsync(r, ct)),
            new("diagnostic: raw + head read/lock and update", Kind.Single, Role.Diagnostic, (_, r, ct) => raw[1].InsertEachWithHeadAsync(r, lockHead, ct)),
            new("diagnostic: raw in a new scope (pooled open, EF transaction, unprepared INSERT)", Kind.Single, Role.Diagnostic,
                (_, r, ct) => raw[2].InsertEachInScopeAsync(host.Services, r, ct)),
            new($"journal, {batch} events per SaveChangesAsync", Kind.Batched, Role.Journal, (s, _, ct) => JournalBatchedAsync(s, ct)),
            new($"raw prepared {batch}-row INSERT, 1 per transaction", Kind.Batched, Role.Baseline,
                (_, r, ct) => raw[3].InsertBatchesAsync(r, batch, batch, prepare: true, ct)),
            new($"raw prepared 1-row INSERT x {batch} per transaction", Kind.Batched, Role.Baseline,
                (_, r, ct) => raw[4].InsertBatchesAsync(r, batch, 1, prepare: true, ct)),
            new($"diagnostic: raw unprepared {batch}-row INSERT built per transaction (the appender's shape)", Kind.Batched, Role.Diagnostic,
                (_, r, ct) => raw[5].InsertBatchesAsync(r, batch, batch, prepare: false, ct)),
            new($"diagnostic: raw unprepared 10-row INSERT x {batch / 10} per transaction", Kind.Batched, Role.Diagnostic,
                (_, r, ct) => raw[6].InsertBatchesAsync(r, batch, 10, prepare: false, ct)),
            .. host.Provider == StorageProvider.Postgres
                ? new[]
                {
                    new Variant($"diagnostic: raw prepared INSERT ... SELECT FROM unnest(21 arrays), {batch} rows per transaction", Kind.Batched, Role.Diagnostic,
                        (_, r, ct) => raw[7].InsertUnnestAsync(r, batch, ct)),
                }
                : [],
        ];

        Report.Progress("warming up");
        foreach (var variant in variants)
        {
            await RunBlockAsync(variant, variant.Kind == Kind.Single ? 200 : 5 * batch, cancellationToken);
        }

        for (var round = 1; round <= settings.Rounds; round++)
        {
            foreach (var kind in new[] { Kind.Single, Kind.Batched })
            {
                var ofKind = variants.Where(v => v.Kind == kind).ToArray();
                var total = kind == Kind.Single ? settings.Single : settings.Batched;
                var block = kind == Kind.Single ? settings.SingleBlock : settings.BatchedBlock * batch;
                var seconds = new double[ofKind.Length];
                for (int done = 0, b = 0; done < total; done += block, b++)
                {
                    var count = Math.Min(block, total - done);
                    for (var i = 0; i < ofKind.Length; i++)
                    {
                        var v = (b + i) % ofKind.Length;
                        seconds[v] += await RunBlockAsync(ofKind[v], count, cancellationToken);
                    }
                }

                for (var v = 0; v < ofKind.Length; v++)
                {
                    ofKind[v].Rates.Add(total / seconds[v]);
                    Report.Progress($"round {round}: {ofKind[v].Name}: {Report.Number(total / seconds[v])} events/s");
                }
            }
        }

        await WriteReportAsync(lease, variants, raw, Stopwatch.GetElapsedTime(started), cancellationToken);
        foreach (var writer in raw)
        {
            await writer.DisposeAsync();
        }
    }

    /// <summary>Runs <paramref name="count"/> events of one variant and returns the seconds it took; the rows are built before the clock starts.</summary>
    private async Task<double> RunBlockAsync(Variant variant, int count, CancellationToken cancellationToken)
    {
        var samples = workload.Create(count, variant.Kind == Kind.Single ? 1 : settings.BatchSize);
        // Serializing and signing are the journal's own cost; the baseline gets its rows ready-made.
        List<JournalRecord> rows = variant.Role == Role.Journal ? [] : [.. samples.Select(s => workload.ToRecord(s, Code))];
        var start = Stopwatch.GetTimestamp();
        await variant.Run(samples, rows, cancellationToken);
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private async Task WriteReportAsync(ConnectionLease lease, Variant[] variants, List<RawJournalWriter> raw, TimeSpan took, CancellationToken cancellationToken)
    {
        double Baseline(Kind kind) => variants.Where(v => v.Kind == kind && v.Role == Role.Baseline).Max(v => Median(v.Rates));

        report.Line($"## Append throughput: {host.Provider}");
        report.Line();
        report.Line($"Settings in effect (read back from the database): {string.Join("; ", await DatabaseInfo.DescribeAsync(lease, host.Provider, cancellationToken))}.");
        report.Line();
        report.Line($"{settings.Single:N0} events per variant and round one per transaction (interleaved in blocks of {settings.SingleBlock}), "
            + $"{settings.Batched:N0} batched ({settings.BatchSize} per transaction, blocks of {settings.BatchedBlock} transactions); "
            + $"{settings.Rounds} rounds, median reported. Each raw variant writes its own clone of journal_records (same columns and indexes), "
            + $"so no table is slowed by another's rows: journal_records (both kinds) ends with {await CountAsync(lease, "journal_records", cancellationToken):N0} rows, "
            + $"{raw[0].Table} (one per transaction) with {await CountAsync(lease, raw[0].Table, cancellationToken):N0}, "
            + $"{raw[3].Table} (batched) with {await CountAsync(lease, raw[3].Table, cancellationToken):N0}. "
            + $"The ratio is against the faster raw baseline of the same kind.");
        report.Line();
        report.Table(
            ["variant", .. Enumerable.Range(1, settings.Rounds).Select(r => $"round {r}"), "median events/s", "ratio to raw"],
            variants.Select(v => (IReadOnlyList<string>)
            [
                v.Role == Role.Journal ? $"**{v.Name}**" : v.Name,
                .. v.Rates.Select(r => Report.Number(r)),
                Report.Number(Median(v.Rates)),
                Report.Percent(Median(v.Rates) / Baseline(v.Kind)),
            ]));
        var single = Median(variants[0].Rates) / Baseline(Kind.Single);
        var batched = Median(variants[4].Rates) / Baseline(Kind.Batched);
        report.Line($"Journal/raw: one per transaction {Report.Percent(single)}, batched {Report.Percent(batched)} "
            + $"(goal: at least 70 %: {(single >= 0.7 ? "met" : "missed")}, {(batched >= 0.7 ? "met" : "missed")}). "
            + $"Mode took {took.TotalSeconds.ToString("N0", CultureInfo.InvariantCulture)} s.");
        report.Line();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task<long> CountAsync(ConnectionLease lease, string table, CancellationToken cancellationToken)
    {
        await using var command = lease.Connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>What a request that records one event does: a scope, the operation context, Record, SaveChangesAsync.</summary>
    private async Task JournalEachAsync(List<AppendSample> samples, CancellationToken cancellationToken)
    {
        foreach (var sample in samples)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            sample.ApplyTo(services.GetRequiredService<OperationContext>());
            services.GetRequiredService<IJournal>().Record(Code, sample.Event);
            await services.GetRequiredService<DocketDbContext>().SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>One operation that records <see cref="BenchSettings.BatchSize"/> events and saves once.</summary>
    private async Task JournalBatchedAsync(List<AppendSample> samples, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < samples.Count; offset += settings.BatchSize)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            samples[offset].ApplyTo(services.GetRequiredService<OperationContext>());
            var journal = services.GetRequiredService<IJournal>();
            for (var i = offset; i < Math.Min(offset + settings.BatchSize, samples.Count); i++)
            {
                journal.Record(Code, samples[i].Event);
            }

            await services.GetRequiredService<DocketDbContext>().SaveChangesAsync(cancellationToken);
        }
    }

    private sealed record Variant(string Name, Kind Kind, Role Role, Func<List<AppendSample>, List<JournalRecord>, CancellationToken, Task> Run)
    {
        public List<double> Rates { get; } = [];
    }
}
