// The test engine: what a team's engine does, written from docs/engine-contract.md alone. The behaviour comes from
// TEST_ENGINE_BEHAVIOUR, its knobs from TEST_ENGINE_* variables, the run's parameters from input.json.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

var kind = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("DOCKET_ENGINE_KIND") ?? "training";
var behaviour = Environment.GetEnvironmentVariable("TEST_ENGINE_BEHAVIOUR") ?? "succeed";
var output = Environment.GetEnvironmentVariable("DOCKET_OUTPUT_DIR") ?? "output";
var writeLock = new Lock();

var input = JsonNode.Parse(await File.ReadAllTextAsync(Environment.GetEnvironmentVariable("DOCKET_ENGINE_INPUT") ?? "input.json"));
if (input?["contractVersion"]?.GetValue<int>() != 1 || input["kind"]?.GetValue<string>() != kind)
{
    Send(new { type = "result", status = "failed", reason = "input.json is not contract version 1 for this kind" });
    return 2;
}

var iterations = input["parameters"]?["iterations"]?.GetValue<int>() ?? 3;

switch (behaviour)
{
    case "fail":
        Send(new { type = "log", level = "error", text = "reading the data set" });
        Send(new { type = "result", status = "failed", reason = "the data set has no marked pages" });
        return 1;
    case "crash":
        await Console.Error.WriteLineAsync("Segmentation fault (core dumped)");
        return 139;
    case "no-model":
        Send(new { type = "result", status = "succeeded" });
        return 0;
    case "hang":
        // Children in the engine's group, one of them deaf to SIGTERM, as a CUDA worker or a data loader may be.
        var children = new[] { Spawn("sleep 600"), Spawn("trap '' TERM; sleep 600 & wait") };
        Send(new { type = "log", level = "info", text = "children " + string.Join(' ', children) });
        using (PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = true))
        {
            await Task.Delay(Timeout.Infinite);
        }

        return 0;
    case "garbage":
        await Console.Out.WriteLineAsync("Epoch 1/3 ... this is not JSON");
        await Console.Out.WriteLineAsync("{\"level\":\"info\",\"text\":\"no type\"}");
        await Console.Out.WriteLineAsync("{\"type\":\"telemetry\",\"value\":1}");
        await Console.Out.WriteLineAsync("[1,2,3]");
        await Console.Out.WriteLineAsync("{\"type\":\"metrics\",\"values\":{\"loss\":\"high\"}}");
        await Console.Out.WriteLineAsync("{\"type\":\"progress\"");
        using (var stdout = Console.OpenStandardOutput())
        {
            await stdout.WriteAsync(new byte[] { 0xff, 0xfe, 0x00, 0x1b, (byte)'\n' });
        }

        break;
    case "huge":
        using (var stdout = Console.OpenStandardOutput())
        {
            var size = int.Parse(Environment.GetEnvironmentVariable("TEST_ENGINE_HUGE_BYTES") ?? "8388608", CultureInfo.InvariantCulture);
            var block = new byte[64 * 1024];
            Array.Fill(block, (byte)'x');
            for (var written = 0; written < size; written += block.Length)
            {
                await stdout.WriteAsync(block);
            }

            await stdout.WriteAsync("\n"u8.ToArray());
        }

        await Console.Error.WriteLineAsync(new string('e', 3 * 1024 * 1024));
        break;
    case "flood":
        for (var i = 0; i < 5000; i++)
        {
            Send(new { type = "log", level = "debug", text = $"line {i}" });
        }

        break;
    case "environment":
        var names = Environment.GetEnvironmentVariables().Keys.Cast<string>().Order(StringComparer.Ordinal);
        Send(new { type = "log", level = "info", text = "environment " + string.Join(' ', names) });
        break;
}

return kind switch
{
    "training" => await Train(),
    "evaluation" => await Evaluate(),
    "inference" => await Serve(),
    _ => 2,
};

async Task<int> Train()
{
    for (var step = 1; step <= iterations; step++)
    {
        Send(new { type = "progress", step, total = iterations, text = $"iteration {step}" });
        Send(new { type = "metrics", step, values = new Dictionary<string, double> { ["loss"] = 1.0 / step, ["accuracy"] = 1 - (1.0 / (step + 1)) } });
    }

    await Console.Error.WriteLineAsync("a warning on stderr");
    var package = Path.Combine(output, "model");
    Directory.CreateDirectory(package);
    if (behaviour == "empty-model")
    {
        // A folder, but no file in it: nothing to make a package of.
        Directory.CreateDirectory(Path.Combine(package, "checkpoints"));
    }
    else
    {
        await File.WriteAllTextAsync(Path.Combine(package, "model.json"), JsonSerializer.Serialize(new { engine = "test", iterations }));

        // Weights in a folder of their own, as zeros (an untrained layer): a file that deflates far past 200:1.
        Directory.CreateDirectory(Path.Combine(package, "weights"));
        await File.WriteAllBytesAsync(Path.Combine(package, "weights", "layer-1.bin"), new byte[64 * 1024]);
        if (behaviour == "model-link")
        {
            File.CreateSymbolicLink(Path.Combine(package, "weights", "shared.bin"), "/etc/hostname");
        }
    }

    Send(new { type = "result", status = "succeeded", metrics = new Dictionary<string, double> { ["loss"] = 1.0 / iterations } });
    return 0;
}

async Task<int> Evaluate()
{
    await File.WriteAllTextAsync(Path.Combine(output, "evaluation.json"), JsonSerializer.Serialize(new
    {
        fields = new[] { new { name = "Total", scores = new Dictionary<string, double> { ["accuracy"] = 0.5, ["count"] = 2 } } },
    }));
    await File.WriteAllTextAsync(Path.Combine(output, "predictions.ndjson"), JsonSerializer.Serialize(new
    {
        sha256 = new string('a', 64),
        page = 1,
        fields = new[] { new { name = "Total", text = "10.00", confidence = 0.9, box = new { x = 1, y = 2, width = 3, height = 4 } } },
    }) + "\n");
    Send(new { type = "result", status = "succeeded", metrics = new Dictionary<string, double> { ["accuracy"] = 0.5 } });
    return 0;
}

async Task<int> Serve()
{
    if (behaviour == "never-ready")
    {
        await Task.Delay(Timeout.Infinite);
    }

    var concurrency = int.Parse(Environment.GetEnvironmentVariable("TEST_ENGINE_CONCURRENCY") ?? "4", CultureInfo.InvariantCulture);
    var delay = int.Parse(Environment.GetEnvironmentVariable("TEST_ENGINE_DELAY_MS") ?? "0", CultureInfo.InvariantCulture);
    var dieAfter = int.Parse(Environment.GetEnvironmentVariable("TEST_ENGINE_DIE_AFTER") ?? "2", CultureInfo.InvariantCulture);
    Send(new { type = "ready", concurrency });

    // Pages are held until `concurrency` of them are in, then answered last first: answers in another order than the
    // requests, and a host that sends more than it may is caught.
    var held = new List<(string Id, string Path)>();
    var inFlight = new ConcurrentDictionary<string, bool>();
    var received = 0;
    var lines = Channel.CreateUnbounded<string?>();
    _ = Task.Run(async () =>
    {
        using var stdin = new StreamReader(Console.OpenStandardInput());
        while (await stdin.ReadLineAsync() is { } read)
        {
            await lines.Writer.WriteAsync(read);
        }

        lines.Writer.Complete();
    });

    while (true)
    {
        // A line, or none when nothing came for a while (answer what is held), or the end of stdin (stop).
        string? line = null;
        var ended = false;
        using (var wait = new CancellationTokenSource(held.Count > 0 ? 100 : Timeout.Infinite))
        {
            try
            {
                ended = !await lines.Reader.WaitToReadAsync(wait.Token);
                line = ended ? null : await lines.Reader.ReadAsync(CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                line = null;
            }
        }

        if (line is not null)
        {
            var request = JsonNode.Parse(line)!;
            var id = request["id"]!.GetValue<string>();
            var path = request["path"]!.GetValue<string>();
            received++;
            if (behaviour == "die" && received > dieAfter)
            {
                await Console.Error.WriteLineAsync("out of memory while reading " + path);
                return 137;
            }

            if (!inFlight.TryAdd(id, true) || inFlight.Count > concurrency)
            {
                Send(new { type = "answer", id, error = $"more than {concurrency} pages at once" });
                inFlight.TryRemove(id, out _);
                continue;
            }

            held.Add((id, path));
        }

        // An engine about to die answers nothing, so that every page it was sent is pending when it goes.
        if (behaviour != "die" && held.Count > 0 && (held.Count >= concurrency || line is null || ended))
        {
            held.Reverse();
            foreach (var (id, path) in held)
            {
                if (delay > 0)
                {
                    await Task.Delay(delay);
                }

                inFlight.TryRemove(id, out _);
                Send(path.Contains("unreadable", StringComparison.Ordinal)
                    ? new { type = "answer", id, error = "not an image" }
                    : new
                    {
                        type = "answer",
                        id,
                        fields = new object[]
                        {
                            new { name = "Path", text = path, confidence = 0.99, box = new { x = 10, y = 20, width = 300, height = 40 } },
                            new
                            {
                                name = "Lines",
                                rows = new[] { new { cells = new[] { new { name = "Amount", text = "1.00", confidence = 0.5 } } } },
                            },
                        },
                    });
            }

            held.Clear();
        }

        if (ended)
        {
            return 0;
        }
    }
}

void Send(object message)
{
    var line = JsonSerializer.Serialize(message);
    lock (writeLock)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }
}

static int Spawn(string command)
{
    using var child = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command]) { UseShellExecute = false })!;
    return child.Id;
}
