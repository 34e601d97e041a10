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
    private readonly int starts;
    private readonly Report report;

    private AgentsBenchmark(StorageProvider provider, string? postgres, IReadOnlyList<int> counts, TimeSpan period, TimeSpan window, int pings, int starts, string? output)
    {
        this.provider = provider;
        this.postgres = postgres;
        this.counts = counts;
        this.period = period;
        this.window = window;
        this.pings = pings;
        this.starts = starts;
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

            if (args.Length % 2 != 0 || values.Keys.Any(k => k is not ("provider" or "postgres" or "agents" or "period" or "window" or "pings" or "starts" or "out")))
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
                TimeSpan.FromSeconds(double.Parse(values.GetValueOrDefault("period", "5"), CultureInfo.InvariantCulture)),
                TimeSpan.FromSeconds(double.Parse(values.GetValueOrDefault("window", "20"), CultureInfo.InvariantCulture)),
                int.Parse(values.GetValueOrDefault("pings", "200"), CultureInfo.InvariantCulture),
                int.Parse(values.GetValueOrDefault("starts", "50"), CultureInfo.InvariantCulture),
                values.GetValueOrDefault("out"));
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine("usage: Docket.Benchmarks agents [--provider sqlite|postgres] [--agents 100,300] [--period 5] [--window 20] [--pings 200] [--starts 50] [--out FILE]");
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

        var processes = await ServedProcessesAsync(admin, agents, cancellationToken);
        Report.Progress($"server pid {server.Id}, {agents.Count} agents and inference processes created; idle window {window.TotalSeconds:0} s");
        // Tiered compilation and the start's own work settle first, so the idle figure is the idle server's.
        await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
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
                var processRead = await LatencyAsync(processes.Take(count).Select(p => (p, "")).ToList(),
                    id => admin.GetAsync($"/api/v1/inference-processes/{id}", cancellationToken), cancellationToken);
                var started = await StartToServingAsync(admin, processes.Take(count).ToList(), cancellationToken);
                rows.Add(
                [
                    count.ToString(CultureInfo.InvariantCulture),
                    $"{busy.TotalMilliseconds / window.TotalSeconds:F1}",
                    $"{perHeartbeat * 1000:F0} µs",
                    $"{100 * (busy - idle).TotalSeconds / window.TotalSeconds / Environment.ProcessorCount:F2} %",
                    $"{read.Percentile(0.5):F1} / {read.Percentile(0.99):F1}",
                    $"{ping.Percentile(0.5):F1} / {ping.Percentile(0.99):F1}",
                    $"{ping.Percentile(0.5) / read.Percentile(0.5):F1}x",
                    $"{started.Percentile(0.5):F1} / {started.Percentile(0.99):F1}",
                    $"{started.Percentile(0.5) / processRead.Percentile(0.5):F1}x",
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
            ["agents", "server CPU ms/s", "CPU per heartbeat (above idle)", "share of the machine", "API read p50 / p99 ms", "ping p50 / p99 ms", "ping / read (p50)",
                "start → serving p50 / p99 ms", "start → serving / process read (p50)"],
            rows);
        report.Line();
        report.Line($"Latency: {pings} sequential calls each, to agents taken in turn. The API read is `GET /api/v1/agents/{{id}}` (authentication, "
            + "one row); the ping is `POST /api/v1/agents/{id}/ping`: a command row queued, sent by the replica's dispatcher, answered by the agent, "
            + "its answer written and read back.");
        report.Line();
        report.Line($"Start → serving: {starts} starts, one at a time, of inference processes on the simulated agents taken in turn, each an agent whose "
            + "engine is ready at once (it answers the StartProcess and reports the launch's seven steps, 18100 to 18800, without downloading "
            + "anything). Timed from `POST /api/v1/inference-processes/{id}/start` until `GET /api/v1/inference-processes/{id}` shows it Serving "
            + "(polled back to back, so the figure includes up to one read); each is then stopped. Against the plain read of the same process.");
    }

    /// <summary>
    /// What an inference process needs (a model with a version, a marking scheme, an inference template, a script), and
    /// one process on each agent; returns the processes' ids in the agents' order.
    /// </summary>
    private static async Task<List<Guid>> ServedProcessesAsync(HttpClient admin, List<(Guid Id, string Key)> agents, CancellationToken cancellationToken)
    {
        var fieldExtraction = Guid.Parse("00000000-0000-7000-8001-000000000001");
        var model = await CreatedIdAsync(await admin.PostAsJsonAsync("/api/v1/models", new { name = "bench-model", modelTypeId = fieldExtraction }, cancellationToken), cancellationToken);
        using (var version = await admin.PostAsync($"/api/v1/models/{model}/versions", Zip(("model.json", "{}")), cancellationToken))
        {
            await EnsureAsync(version, cancellationToken);
        }

        var project = await CreatedIdAsync(await admin.PostAsJsonAsync("/api/v1/projects", new { name = "bench-serving" }, cancellationToken), cancellationToken);
        var scheme = await CreatedIdAsync(await admin.PostAsJsonAsync($"/api/v1/projects/{project}/marking-schemes",
            new { name = "Invoice", fields = new object[] { new { name = "Total", type = "Money" } } }, cancellationToken), cancellationToken);
        var template = await CreatedIdAsync(await admin.PostAsJsonAsync("/api/v1/inference-process-templates",
            new { name = "bench-serving", modelId = model, modelVersion = 1, markingSchemeId = scheme }, cancellationToken), cancellationToken);
        var script = await CreatedIdAsync(await admin.PostAsJsonAsync("/api/v1/scripts", new { name = "bench-script", engine = "external" }, cancellationToken), cancellationToken);
        using (var package = await admin.PutAsync($"/api/v1/scripts/{script}/package", Zip(("start_inference.sh", "#!/bin/sh\n")), cancellationToken))
        {
            await EnsureAsync(package, cancellationToken);
        }

        var processes = new List<Guid>();
        foreach (var (agent, index) in agents.Select((a, i) => (a.Id, i)))
        {
            processes.Add(await CreatedIdAsync(await admin.PostAsJsonAsync("/api/v1/inference-processes",
                new { name = $"serving-{index:D4}", agentId = agent, templateId = template, scriptId = script }, cancellationToken), cancellationToken));
        }

        return processes;
    }

    private async Task<LatencyStats> StartToServingAsync(HttpClient admin, List<Guid> processes, CancellationToken cancellationToken)
    {
        var stats = new LatencyStats();
        for (var i = 0; i < starts + 5; i++)
        {
            var id = processes[i % processes.Count];
            var start = Stopwatch.GetTimestamp();
            using (var started = await admin.PostAsync($"/api/v1/inference-processes/{id}/start", null, cancellationToken))
            {
                await EnsureAsync(started, cancellationToken);
            }

            await WaitForStateAsync(admin, id, "Serving", cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

            // The first five warm the path.
            if (i >= 5)
            {
                stats.Add(elapsed, 1);
            }

            using (var stopped = await admin.PostAsync($"/api/v1/inference-processes/{id}/stop", null, cancellationToken))
            {
                await EnsureAsync(stopped, cancellationToken);
            }

            await WaitForStateAsync(admin, id, "Stopped", cancellationToken);
        }

        return stats;
    }

    private static async Task WaitForStateAsync(HttpClient admin, Guid id, string state, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60;
        while (true)
        {
            var body = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/inference-processes/{id}", cancellationToken);
            var now = body.GetProperty("state").GetString();
            if (now == state)
            {
                return;
            }

            if (now is "Failed" or "Lost" || Stopwatch.GetTimestamp() > deadline)
            {
                throw new InvalidOperationException($"Inference process {id} is {now}, not {state}: {body}");
            }
        }
    }

    private static ByteArrayContent Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(System.Text.Encoding.UTF8.GetBytes(content));
            }
        }

        var body = new ByteArrayContent(buffer.ToArray());
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/zip");
        return body;
    }

    private static async Task<Guid> CreatedIdAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using (response)
        {
            await EnsureAsync(response, cancellationToken);
            return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetGuid();
        }
    }

    private static async Task EnsureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: "
                + await response.Content.ReadAsStringAsync(cancellationToken));
        }
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
