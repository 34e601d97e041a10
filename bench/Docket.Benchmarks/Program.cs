using Docket.Benchmarks;

// upload and agents start their own servers and have their own options (UploadBenchmark.cs, AgentsBenchmark.cs).
if (args is ["upload", ..])
{
    return await UploadBenchmark.MainAsync(args[1..]);
}

if (args is ["agents", ..])
{
    return await AgentsBenchmark.MainAsync(args[1..]);
}

// Modes: append, query, export and archive are Stopwatch-timed console runs over a real database (see bench/README.md);
// sign hands its arguments to BenchmarkDotNet.
if (args.Length == 0 || args[0] is not ("append" or "query" or "export" or "archive" or "sign"))
{
    Console.Error.WriteLine("usage: Docket.Benchmarks append|query|export|archive|upload|agents [--provider sqlite|postgres] [options]   (see bench/README.md)");
    Console.Error.WriteLine("       Docket.Benchmarks sign [BenchmarkDotNet arguments]");
    return 2;
}

if (args[0] == "sign")
{
    JournalSignerBenchmarks.Run(args[1..]);
    return 0;
}

BenchSettings settings;
try
{
    settings = BenchSettings.Parse(args[0], args[1..]);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var report = new Report(settings.Output);
report.Line($"<!-- {string.Join(' ', args)} | {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC | {Environment.ProcessorCount} cores | .NET {Environment.Version} | load average at start {LoadAverage()} -->");
await using (var host = await BenchHost.StartAsync(settings, cancellation.Token))
{
    Report.Progress($"database: {host.Describe()}");
    switch (args[0])
    {
        case "append":
            await new AppendBenchmark(host, settings, report).RunAsync(cancellation.Token);
            break;
        case "query":
            await new QueryBenchmark(host, settings, report).RunAsync(cancellation.Token);
            break;
        case "archive":
            await new ArchiveBenchmark(host, settings, report).RunAsync(cancellation.Token);
            break;
        default:
            await new ExportBenchmark(host, settings, report).RunAsync(cancellation.Token);
            break;
    }
}

// Other work on a small machine moves the figures; the load average says how busy it was.
report.Line($"<!-- load average at end {LoadAverage()} -->");
await report.SaveAsync(cancellation.Token);
return 0;

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
