using Docket.Benchmarks;

// Modes: append and query are Stopwatch-timed console runs over a real database (see bench/README.md);
// sign hands its arguments to BenchmarkDotNet.
if (args.Length == 0 || args[0] is not ("append" or "query" or "sign"))
{
    Console.Error.WriteLine("usage: Docket.Benchmarks append|query [--provider sqlite|postgres] [options]   (see bench/README.md)");
    Console.Error.WriteLine("       Docket.Benchmarks sign [BenchmarkDotNet arguments]");
    return 2;
}

if (args[0] == "sign")
{
    JournalSignerBenchmarks.Run(args[1..]);
    return 0;
}

var settings = BenchSettings.Parse(args[1..]);
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var report = new Report(settings.Output);
report.Line($"<!-- {string.Join(' ', args)} | {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC | {Environment.ProcessorCount} cores | .NET {Environment.Version} -->");
await using (var host = await BenchHost.StartAsync(settings, cancellation.Token))
{
    Report.Progress($"database: {host.Describe()}");
    if (args[0] == "append")
    {
        await new AppendBenchmark(host, settings, report).RunAsync(cancellation.Token);
    }
    else
    {
        await new QueryBenchmark(host, settings, report).RunAsync(cancellation.Token);
    }
}

await report.SaveAsync(cancellation.Token);
return 0;
