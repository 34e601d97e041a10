using System.Globalization;
using Docket.Server.Storage;

namespace Docket.Benchmarks;

/// <summary>The command line of the console modes: <c>append</c>, <c>query</c> and <c>export</c> take <c>--name value</c> pairs.</summary>
internal sealed class BenchSettings
{
    public StorageProvider Provider { get; private init; } = StorageProvider.Sqlite;

    /// <summary>Server connection string (database <c>postgres</c>); each run creates its own database in it and drops it after.</summary>
    public string? PostgresConnectionString { get; private init; }

    /// <summary>Events per run of the one-event-per-transaction variants.</summary>
    public int Single { get; private init; } = 5_000;

    /// <summary>Events per run of the batched variants.</summary>
    public int Batched { get; private init; } = 50_000;

    public int BatchSize { get; private init; } = 100;

    /// <summary>Events per interleaved block of the one-per-transaction variants.</summary>
    public int SingleBlock { get; private init; } = 250;

    /// <summary>Transactions per interleaved block of the batched variants.</summary>
    public int BatchedBlock { get; private init; } = 10;

    /// <summary>Each variant runs this many times, in alternating order; the median is reported.</summary>
    public int Rounds { get; private init; } = 3;

    /// <summary>Records the query mode (default 1,000,000) and the export mode (default 200,000) fill the journal with.</summary>
    public int Events { get; private init; } = 1_000_000;

    /// <summary>Export mode: the subscription's maxBatchEvents; null leaves the server's default (Export:DefaultMaxBatchEvents, 1000).</summary>
    public int? MaxBatchEvents { get; private init; }

    /// <summary>Export mode: how long the steady writer runs while the lag is measured; 0 skips that part.</summary>
    public int LagSeconds { get; private init; } = 30;

    /// <summary>Export mode: the steady writer's events per second.</summary>
    public int LagRate { get; private init; } = 2_000;

    /// <summary>Export mode: events per transaction of the steady writer (the rate is reached by pacing transactions).</summary>
    public int LagBatch { get; private init; } = 50;

    public int Iterations { get; private init; } = 200;
    public int Warmup { get; private init; } = 20;

    /// <summary>The unindexed (scanning) query cases run only every this many iterations, so a run stays within minutes.</summary>
    public int ScanEvery { get; private init; } = 10;
    public int Seed { get; private init; } = 20_260_101;

    /// <summary>Run SQLite's ANALYZE after filling (the server never does); PostgreSQL is always analyzed, as autovacuum would.</summary>
    public bool Analyze { get; private init; }

    /// <summary>Archive mode: the dataset sizes built, each in a project of its own (default 1,000 and 10,000 images).</summary>
    public IReadOnlyList<int> Images { get; private init; } = [1_000, 10_000];

    /// <summary>Archive mode: environment variables for the server process (<c>--server-env DOTNET_gcServer=0,NAME=VALUE</c>).</summary>
    public IReadOnlyDictionary<string, string> ServerEnvironment { get; private init; } = new Dictionary<string, string>();

    /// <summary>Export mode: whether the HEC sink gzips its bodies (<c>--gzip false</c>: plain JSON, as on a loopback or LAN receiver).</summary>
    public bool Gzip { get; private init; } = true;

    /// <summary>Export mode: untimed full replays (and ceiling passes) before the rounds.</summary>
    public int WarmupReplays { get; private init; } = 3;

    /// <summary>Keep the database after the run (its location is printed) instead of deleting it.</summary>
    public bool Keep { get; private init; }

    /// <summary>Also write the report to this file.</summary>
    public string? Output { get; private init; }

    public static BenchSettings Parse(string mode, IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var flags = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }

            var name = args[i][2..];
            if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                values[name] = args[++i];
            }
            else
            {
                flags.Add(name);
            }
        }

        string[] known =
        [
            "provider", "postgres", "single", "batched", "batch-size", "single-block", "batched-block", "rounds", "events",
            "iterations", "warmup", "scan-every", "seed", "keep", "analyze", "out", "lag-seconds", "lag-rate", "lag-batch", "max-batch-events",
            "images", "server-env", "gzip", "warmup-replays",
        ];
        var unknown = values.Keys.Concat(flags).FirstOrDefault(name => !known.Contains(name, StringComparer.OrdinalIgnoreCase));
        if (unknown is not null)
        {
            throw new ArgumentException($"Unknown option --{unknown}; see bench/README.md.");
        }

        int Number(string name, int fallback) =>
            values.TryGetValue(name, out var text) ? int.Parse(text.Replace("_", string.Empty), NumberStyles.Integer, CultureInfo.InvariantCulture) : fallback;

        var provider = values.GetValueOrDefault("provider", "sqlite").ToLowerInvariant() switch
        {
            "sqlite" => StorageProvider.Sqlite,
            "postgres" or "postgresql" => StorageProvider.Postgres,
            var other => throw new ArgumentException($"--provider is sqlite or postgres, not '{other}'."),
        };
        var postgres = values.GetValueOrDefault("postgres") ?? Environment.GetEnvironmentVariable("DOCKET_BENCH_POSTGRES");
        if (provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(postgres))
        {
            throw new ArgumentException(
                "PostgreSQL needs a connection string: export DOCKET_BENCH_POSTGRES=$(scripts/test-postgres.sh) or pass --postgres.");
        }

        return new BenchSettings
        {
            Provider = provider,
            PostgresConnectionString = postgres,
            Single = Number("single", 5_000),
            Batched = Number("batched", 50_000),
            BatchSize = Number("batch-size", 100),
            SingleBlock = Number("single-block", 250),
            BatchedBlock = Number("batched-block", 10),
            Rounds = Number("rounds", 3),
            Events = Number("events", mode == "export" ? 200_000 : 1_000_000),
            MaxBatchEvents = values.ContainsKey("max-batch-events") ? Number("max-batch-events", 0) : null,
            LagSeconds = Number("lag-seconds", 30),
            LagRate = Math.Max(1, Number("lag-rate", 2_000)),
            LagBatch = Math.Max(1, Number("lag-batch", 50)),
            Iterations = Number("iterations", 200),
            Warmup = Number("warmup", 20),
            ScanEvery = Math.Max(1, Number("scan-every", 10)),
            Seed = Number("seed", 20_260_101),
            Gzip = !values.TryGetValue("gzip", out var gzip) || bool.Parse(gzip),
            WarmupReplays = Math.Max(1, Number("warmup-replays", 3)),
            Keep = flags.Contains("keep"),
            Analyze = flags.Contains("analyze"),
            Output = values.GetValueOrDefault("out"),
            Images = values.TryGetValue("images", out var images)
                ? [.. images.Split(',').Select(n => int.Parse(n.Replace("_", string.Empty), NumberStyles.Integer, CultureInfo.InvariantCulture))]
                : [1_000, 10_000],
            ServerEnvironment = values.TryGetValue("server-env", out var environment)
                ? environment.Split(',').Select(e => e.Split('=', 2)).ToDictionary(e => e[0], e => e.Length == 2 ? e[1] : string.Empty)
                : new Dictionary<string, string>(),
        };
    }
}
