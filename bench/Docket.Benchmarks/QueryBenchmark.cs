using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Docket.Contracts.Journal;
using Docket.Server.Common;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Docket.Benchmarks;

/// <summary>
/// Query latency over a large journal through the real query path (<see cref="JournalQuery.Parse"/>, then
/// <see cref="JournalQuery.Page"/> on a request's own scope and DbContext, newest first, 100 a page), beside the same
/// query written in plain SQL on an open connection. The cases run interleaved, each with fresh random parameters.
/// </summary>
internal sealed class QueryBenchmark(BenchHost host, BenchSettings settings, Report report)
{
    private const int PageSize = 100;
    private static readonly string SelectColumns = string.Join(", ", RawJournalWriter.Columns.Select(c => c == "group" ? "\"group\"" : c));

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var journal = new SyntheticJournal(settings.Seed, settings.Events, TimeProvider.System.GetUtcNow().UtcDateTime, host.Signer);
        Report.Progress($"filling {settings.Events:N0} records");
        var fill = await JournalFiller.FillAsync(host, journal, settings.Analyze, cancellationToken);
        var cases = Cases(journal);
        await using var lease = await host.OpenConnectionAsync(cancellationToken);

        Report.Progress("measuring");
        for (var i = 0; i < settings.Warmup + settings.Iterations; i++)
        {
            for (var k = 0; k < cases.Count; k++)
            {
                var query = cases[(i + k) % cases.Count];
                if (!query.Indexed && i % settings.ScanEvery != 0)
                {
                    continue;
                }

                var start = Stopwatch.GetTimestamp();
                var rows = query.Raw is not null
                    ? await RunRawAsync(lease.Connection, query.Raw(query.Random), cancellationToken)
                    : await RunJournalAsync(query.Filter!(query.Random), cancellationToken);
                var milliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (i >= settings.Warmup)
                {
                    query.Stats.Add(milliseconds, rows);
                }
            }

            if ((i + 1) % 50 == 0)
            {
                Report.Progress($"iteration {i + 1}");
            }
        }

        var measured = Stopwatch.GetElapsedTime(started) - fill.Total;
        await WriteReportAsync(lease, journal, fill, cases, measured, cancellationToken);
    }

    private List<QueryCase> Cases(SyntheticJournal journal)
    {
        var admin = new Caller(Guid.NewGuid(), Guid.NewGuid(), IsAdministrator: true);
        var span = journal.End - journal.Start - TimeSpan.FromHours(1);
        DateTime From(Random r) => journal.Start.AddTicks((long)(r.NextDouble() * span.Ticks));
        int Code(Random r) => journal.Codes[r.Next(journal.Codes.Count)];
        var dialect = host.Dialect;
        var seed = settings.Seed;
        return
        [
            new("time range (1-hour window)", true, new Random(seed + 1), Filter: r =>
            {
                var from = From(r);
                return (new JournalFilter { From = from, To = from.AddHours(1), Limit = PageSize }, admin);
            }),
            new("code", true, new Random(seed + 2), Filter: r => (new JournalFilter { Codes = Code(r).ToString(CultureInfo.InvariantCulture), Limit = PageSize }, admin)),
            new("operation key", true, new Random(seed + 3), Filter: r =>
                (new JournalFilter { OperationKey = journal.OperationKeys[r.Next(journal.OperationKeys.Count)], Limit = PageSize }, admin)),
            new("user (userId)", true, new Random(seed + 4), Filter: r =>
                (new JournalFilter { UserId = journal.Users[r.Next(journal.Users.Count)].Id, Limit = PageSize }, admin)),
            new("text: a project's name (~0.3 % of records match)", false, new Random(seed + 5), Filter: r =>
                (new JournalFilter { Text = journal.Projects[r.Next(journal.Projects.Count)].Name.ToUpperInvariant(), Limit = PageSize }, admin)),
            new("text: an image file name (1 record matches)", false, new Random(seed + 6), Filter: r =>
                (new JournalFilter { Text = journal.RareTerms[r.Next(journal.RareTerms.Count)], Limit = PageSize }, admin)),
            new("code, as a tenant's user (the tenant filter is added)", true, new Random(seed + 7), Filter: r =>
            {
                var user = journal.Users[r.Next(journal.Users.Count)];
                return (new JournalFilter { Codes = Code(r).ToString(CultureInfo.InvariantCulture), Limit = PageSize }, new Caller(user.Id, user.Tenant, false));
            }),
            new("no filter (newest page)", true, new Random(seed + 8), Filter: _ => (new JournalFilter { Limit = PageSize }, admin)),
            new("plain SQL: time range (1-hour window)", true, new Random(seed + 1), Raw: r =>
            {
                var from = From(r);
                return ($"SELECT {SelectColumns} FROM journal_records WHERE occurred_at >= @f AND occurred_at < @t ORDER BY sequence DESC LIMIT {PageSize}",
                    [("@f", dialect.Bind(from)), ("@t", dialect.Bind(from.AddHours(1)))]);
            }),
            new("plain SQL: code", true, new Random(seed + 2), Raw: r =>
                ($"SELECT {SelectColumns} FROM journal_records WHERE code = @c ORDER BY sequence DESC LIMIT {PageSize}", [("@c", Code(r))])),
        ];
    }

    /// <summary>What the page endpoint does after binding: parse the filter for the caller, page, materialize.</summary>
    private async Task<int> RunJournalAsync((JournalFilter Filter, Caller Caller) query, CancellationToken cancellationToken)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        var page = PageQuery(scope.ServiceProvider, db, query);
        var records = await page.ToListAsync(cancellationToken);
        return records.Count;
    }

    private static IQueryable<JournalRecord> PageQuery(IServiceProvider services, DocketDbContext db, (JournalFilter Filter, Caller Caller) query)
    {
        var maxPageSize = services.GetRequiredService<IOptions<JournalOptions>>().Value.MaxPageSize;
        var parsed = JournalQuery.Parse(query.Filter, query.Caller, maxPageSize, defaultDescending: true);
        if (parsed.Error is not null)
        {
            throw new InvalidOperationException($"The benchmark's filter was refused: {parsed.Error}");
        }

        var q = parsed.Value!;
        return q.Page(db.JournalRecords.AsNoTracking(), q.Cursor, q.Descending, q.Limit);
    }

    private static async Task<int> RunRawAsync(DbConnection connection, (string Sql, (string Name, object Value)[] Parameters) query, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = query.Sql;
        foreach (var (name, value) in query.Parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var values = new object[reader.FieldCount];
        var rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            reader.GetValues(values);
            rows++;
        }

        return rows;
    }

    private async Task WriteReportAsync(
        ConnectionLease lease, SyntheticJournal journal, FillTimes fill, List<QueryCase> cases, TimeSpan measured, CancellationToken cancellationToken)
    {
        var postgres = host.Provider == StorageProvider.Postgres;
        report.Line($"## Query latency: {host.Provider}, {fill.Rows:N0} records");
        report.Line();
        report.Line($"Settings in effect (read back from the database): {string.Join("; ", await DatabaseInfo.DescribeAsync(lease, host.Provider, cancellationToken))}.");
        report.Line();
        report.Line($"Fill: {Seconds(fill.Total)} in all: rows {Seconds(fill.Insert)} ({(postgres ? "binary COPY" : "prepared INSERT, 50,000 a transaction")}), "
            + $"the migration's indexes rebuilt {Seconds(fill.Index)}, "
            + $"{(postgres ? "VACUUM (ANALYZE)" : settings.Analyze ? "ANALYZE and WAL checkpoint" : "WAL checkpoint (no ANALYZE, as the server runs none)")} {Seconds(fill.Settle)}. "
            + $"Database size: {await SizeAsync(lease, cancellationToken)}. Journal: {journal.Codes.Count} codes (Zipf-like frequencies), "
            + $"{journal.Tenants.Count} tenants, {journal.Users.Count} users, {journal.Projects.Count} projects, operations of 1-10 events, "
            + $"{journal.Start:yyyy-MM-dd} to {journal.End:yyyy-MM-dd}.");
        report.Line();
        report.Line($"{settings.Iterations} measured iterations per case after {settings.Warmup} warm-up ones (the unindexed text cases, which scan, "
            + $"one iteration in {settings.ScanEvery}: {cases.First(c => !c.Indexed).Stats.Count} samples each), cases interleaved, random parameters; "
            + $"journal cases time a whole request's work (scope, DbContext, Parse, Page, ToListAsync), plain SQL cases one command on an open connection. "
            + $"Measuring took {Seconds(measured)}.");
        report.Line();
        report.Table(
            ["case", "p50 ms", "p95 ms", "p99 ms", "max ms", "rows", "goal p99 < 50 ms"],
            cases.Select(c => (IReadOnlyList<string>)
            [
                c.Name,
                Report.Number(c.Stats.Percentile(0.50), "F2"),
                Report.Number(c.Stats.Percentile(0.95), "F2"),
                Report.Number(c.Stats.Percentile(0.99), "F2"),
                Report.Number(c.Stats.Max, "F2"),
                Report.Number(c.Stats.MeanRows, "F1"),
                c.Raw is not null ? "(baseline)" : c.Indexed ? (c.Stats.Percentile(0.99) < 50 ? "met" : "**missed**") : "(not indexed)",
            ]));

        foreach (var (journalCase, rawCase) in new[] { (cases[0], cases[8]), (cases[1], cases[9]) })
        {
            report.Line($"- {journalCase.Name}: journal path / plain SQL, p50 {Report.Number(journalCase.Stats.Percentile(0.5) / rawCase.Stats.Percentile(0.5), "F2")}x, "
                + $"p99 {Report.Number(journalCase.Stats.Percentile(0.99) / rawCase.Stats.Percentile(0.99), "F2")}x.");
        }

        report.Line();
        report.Line("### Plans");
        report.Line();
        foreach (var c in cases.Where(c => c.Filter is not null))
        {
            report.Line($"**{c.Name}**");
            report.Line();
            report.Code(postgres ? "text" : "sql", await ExplainAsync(c, cancellationToken));
        }
    }

    /// <summary>The SQL EF Core sends for one set of parameters, and the database's plan for it (PostgreSQL: as executed).</summary>
    private async Task<List<string>> ExplainAsync(QueryCase query, CancellationToken cancellationToken)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        var parameters = query.Filter!(new Random(settings.Seed));
        await using var command = PageQuery(scope.ServiceProvider, db, parameters).CreateDbCommand();
        var lines = command.CommandText.Split('\n').Select(l => l.TrimEnd()).ToList();
        lines.AddRange(command.Parameters.Cast<DbParameter>().Select(p => $"-- {p.ParameterName} = {Show(p.Value)}"));
        var postgres = host.Provider == StorageProvider.Postgres;
        lines.Add(postgres ? "-- EXPLAIN (ANALYZE, BUFFERS):" : "-- EXPLAIN QUERY PLAN:");
        command.CommandText = (postgres ? "EXPLAIN (ANALYZE, BUFFERS) " : "EXPLAIN QUERY PLAN ") + command.CommandText;
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(postgres ? reader.GetString(0) : "-- " + reader.GetString(3));
        }

        return lines;
    }

    private async Task<string> SizeAsync(ConnectionLease lease, CancellationToken cancellationToken)
    {
        if (host.Provider == StorageProvider.Sqlite)
        {
            var file = new FileInfo(Path.Combine(host.DataDirectory, "docket.db"));
            return $"{file.Length / (1024.0 * 1024):N0} MiB file";
        }

        await using var command = lease.Connection.CreateCommand();
        command.CommandText = "SELECT pg_size_pretty(pg_table_size('journal_records')) || ' table, ' || pg_size_pretty(pg_indexes_size('journal_records')) || ' indexes'";
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static string Show(object? value) => value switch
    {
        DateTime time => time.ToString("O", CultureInfo.InvariantCulture),
        string text => text,
        System.Collections.IEnumerable list => "[" + string.Join(", ", list.Cast<object>().Select(Show)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
    };

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("N1", CultureInfo.InvariantCulture) + " s";
}
