using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Docket.Server.Storage;
using Docket.Testing;

namespace Docket.Benchmarks;

/// <summary>
/// The <c>agents</c> mode (issue 11): hundreds of simulated agents (each its own HTTP/2 connection and stream, speaking
/// the real protocol) held by one real server process. It reports the server's CPU time per heartbeat, against the
/// same server idle in the same run, and the latency of a command's round trip (ping: queued, sent by the dispatcher,
/// answered on the stream, read back) beside a plain authenticated API read of the same agent on the same server.
/// </summary>
internal sealed class AgentsBenchmark
{
    private readonly StorageProvider provider;
    private readonly string? postgres;
    private readonly IReadOnlyList<int> counts;
    private readonly TimeSpan period;
    private readonly TimeSpan window;
    private readonly int pings;
    private readonly Report report;

    private AgentsBenchmark(StorageProvider provider, string? postgres, IReadOnlyList<int> counts, TimeSpan period, TimeSpan window, int pings, string? output)
    {
        this.provider = provider;
        this.postgres = postgres;
        this.counts = counts;
        this.period = period;
        this.window = window;
        this.pings = pings;
        report = new Report(output);
    }

    /// <summary>Runs the mode with its command line (after <c>agents</c>); the process's exit code.</summary>
    public static async Task<int> MainAsync(string[] args)
    {
        AgentsBenchmark benchmark;
        try
        {
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                values[args[i].TrimStart('-')] = args[i + 1];
            }

            if (args.Length % 2 != 0 || values.Keys.Any(k => k is not ("provider" or "postgres" or "agents" or "period" or "window" or "pings" or "out")))
            {
                throw new ArgumentException("Unknown or incomplete option.");
            }

            var provider = values.GetValueOrDefault("provider", "sqlite") switch
            {
                "sqlite" => StorageProvider.Sqlite,
                "postgres" => StorageProvider.Postgres,
                var other => throw new ArgumentException($"--provider is sqlite or postgres, not '{other}'."),
            };
            var postgres = values.GetValueOrDefault("postgres") ?? Environment.GetEnvironmentVariable("DOCKET_BENCH_POSTGRES");
            if (provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(postgres))
            {
                throw new ArgumentException("PostgreSQL needs DOCKET_BENCH_POSTGRES=$(scripts/test-postgres.sh) or --postgres.");
            }

            var counts = values.GetValueOrDefault("agents", "100,300").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
            benchmark = new AgentsBenchmark(provider, postgres, counts,
                TimeSpan.FromSeconds(double.Parse(values.GetValueOrDefault("period", "1"), CultureInfo.InvariantCulture)),
                TimeSpan.FromSeconds(double.Parse(values.GetValueOrDefault("window", "20"), CultureInfo.InvariantCulture)),
                int.Parse(values.GetValueOrDefault("pings", "200"), CultureInfo.InvariantCulture),
                values.GetValueOrDefault("out"));
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine("usage: Docket.Benchmarks agents [--provider sqlite|postgres] [--agents 100,300] [--period 1] [--window 20] [--pings 200] [--out FILE]");
            return 2;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        benchmark.report.Line($"<!-- agents {string.Join(' ', args)} | {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC | {Environment.ProcessorCount} cores | .NET {Environment.Version} | load average at start {LoadAverage()} -->");
        await benchmark.RunAsync(cancellation.Token);
        benchmark.report.Line($"<!-- load average at end {LoadAverage()} -->");
        await benchmark.report.SaveAsync(cancellation.Token);
        return 0;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var storage = await ServerStorage.CreateAsync(provider, postgres, "bench_agents", durable: true, cancellationToken);
        var streamPort = FreePort();
        await using var server = await ServerProcess.StartAsync(storage, "bench-agents",
        [
            $"--Agents:Period={period}",
            "--Logging:LogLevel:Default=Warning",
            $"--Kestrel:Endpoints:Access:Url=http://127.0.0.1:{FreePort()}",
            $"--Kestrel:Endpoints:AgentStream:Url=http://127.0.0.1:{streamPort}",
        ], cancellationToken);
        using var admin = await server.AdminAsync(cancellationToken);
        var streamAddress = new Uri($"http://127.0.0.1:{streamPort}");

        var agents = new List<(Guid Id, string Key)>();
        for (var i = 0; i < counts.Max(); i++)
        {
            using var created = await admin.PostAsJsonAsync("/api/v1/agents", new { name = $"sim-{i:D4}" }, cancellationToken);
            created.EnsureSuccessStatusCode();
            var body = await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            agents.Add((body.GetProperty("agent").GetProperty("id").GetGuid(), body.GetProperty("key").GetString()!));
        }

        Report.Progress($"server pid {server.Id}, {agents.Count} agents created; idle window {window.TotalSeconds:0} s");
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var idle = await CpuOverAsync(server.Id, window, cancellationToken);

        report.Line($"## Agents held by one server ({provider}), heartbeat every {period.TotalSeconds:0.###} s");
        report.Line();
        report.Line($"Idle server (no agent connected): {idle.TotalMilliseconds / window.TotalSeconds:F1} ms of CPU per second.");
        report.Line();
        var rows = new List<IReadOnlyList<string>>();
        foreach (var count in counts)
        {
            var simulated = new List<SimulatedAgent>();
            try
            {
                foreach (var (id, key) in agents.Take(count))
                {
                    simulated.Add(await SimulatedAgent.ConnectAsync(streamAddress, id, key, period, cancellationToken));
                }

                await WaitAllAvailableAsync(admin, count, cancellationToken);
                var busy = await CpuOverAsync(server.Id, window, cancellationToken);
                var heartbeats = count * window.TotalSeconds / period.TotalSeconds;
                var perHeartbeat = (busy - idle).TotalMilliseconds / heartbeats;

                var read = await LatencyAsync(agents.Take(count).ToList(), id => admin.GetAsync($"/api/v1/agents/{id}", cancellationToken), cancellationToken);
                var ping = await LatencyAsync(agents.Take(count).ToList(), id => admin.PostAsync($"/api/v1/agents/{id}/ping", null, cancellationToken), cancellationToken);
                rows.Add(
                [
                    count.ToString(CultureInfo.InvariantCulture),
                    $"{busy.TotalMilliseconds / window.TotalSeconds:F1}",
                    $"{perHeartbeat * 1000:F0} µs",
                    $"{100 * (busy - idle).TotalSeconds / window.TotalSeconds / Environment.ProcessorCount:F2} %",
                    $"{read.Percentile(0.5):F1} / {read.Percentile(0.99):F1}",
                    $"{ping.Percentile(0.5):F1} / {ping.Percentile(0.99):F1}",
                    $"{ping.Percentile(0.5) / read.Percentile(0.5):F1}x",
                ]);
                Report.Progress($"{count} agents: {perHeartbeat * 1000:F0} µs CPU per heartbeat; ping p50 {ping.Percentile(0.5):F1} ms");
            }
            finally
            {
                foreach (var agent in simulated)
                {
                    await agent.DisposeAsync();
                }
            }
        }

        report.Table(
            ["agents", "server CPU ms/s", "CPU per heartbeat (above idle)", "share of the machine", "API read p50 / p99 ms", "ping p50 / p99 ms", "ping / read (p50)"],
            rows);
        report.Line();
        report.Line($"Latency: {pings} sequential calls each, to agents taken in turn. The API read is `GET /api/v1/agents/{{id}}` (authentication, "
            + "one row); the ping is `POST /api/v1/agents/{id}/ping`: a command row queued, sent by the replica's dispatcher, answered by the agent, "
            + "its answer written and read back.");
    }

    private async Task<LatencyStats> LatencyAsync(List<(Guid Id, string Key)> agents, Func<Guid, Task<HttpResponseMessage>> call, CancellationToken cancellationToken)
    {
        var stats = new LatencyStats();
        for (var i = 0; i < pings + 10; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await call(agents[i % agents.Count].Id);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            // The first ten warm the path.
            if (i >= 10)
            {
                stats.Add(elapsed, 1);
            }
        }

        return stats;
    }

    private static async Task WaitAllAvailableAsync(HttpClient admin, int count, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        while (true)
        {
            var list = await admin.GetFromJsonAsync<JsonElement>("/api/v1/agents", cancellationToken);
            var available = list.EnumerateArray().Count(a => a.GetProperty("state").GetString() == "Available");
            if (available >= count)
            {
                Report.Progress($"{count} agents available after {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s");
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                return;
            }

            if (Stopwatch.GetElapsedTime(start) > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"Only {available} of {count} agents became Available.");
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    /// <summary>The process's user + system CPU time over <paramref name="span"/>, from /proc/PID/stat (clock ticks of 10 ms).</summary>
    private static async Task<TimeSpan> CpuOverAsync(int pid, TimeSpan span, CancellationToken cancellationToken)
    {
        var before = CpuTime(pid);
        await Task.Delay(span, cancellationToken);
        return CpuTime(pid) - before;
    }

    private static TimeSpan CpuTime(int pid)
    {
        // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is the
        // 14th field of the line, stime the 15th.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
