using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Docket.Engines.Messages;

namespace Docket.Engines.External;

/// <summary>
/// One engine script as a child process in a process group of its own: writes its input, starts it, turns its stdout
/// and stderr into messages, enforces the timeout and a stop (SIGTERM, then SIGKILL after the grace period), and
/// after its end kills whatever it left behind and says how it ended. A training or evaluation run is this alone;
/// a warm inference engine takes its ready line and answers before they reach the messages.
/// </summary>
internal sealed class EngineProcess : IEngineRun
{
    private static readonly byte[] Newline = "\n"u8.ToArray();

    private readonly EngineRunRequest request;
    private readonly ExternalEngineOptions options;
    private readonly TimeProvider time;
    private readonly Func<EngineMessage, bool>? intercept;
    private readonly Channel<EngineMessage> messages;
    private readonly TaskCompletionSource<EngineRunResult> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource timeout;
    private readonly Lock gate = new();
    private readonly long started;
    private Process? process;
    private StopReason stopReason;
    private bool ended;
    private long dropped;
    private EngineResult? result;
    private string? lastError;

    private EngineProcess(EngineRunRequest request, ExternalEngineOptions options, TimeProvider time, Func<EngineMessage, bool>? intercept)
    {
        this.request = request;
        this.options = options;
        this.time = time;
        this.intercept = intercept;
        messages = Channel.CreateBounded<EngineMessage>(
            new BoundedChannelOptions(options.MessageBuffer) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref dropped));
        timeout = request.Timeout is { } limit ? new CancellationTokenSource(limit, time) : new CancellationTokenSource();
        started = time.GetTimestamp();
    }

    public int? ProcessId { get; private set; }

    public Task<EngineRunResult> Completion => completion.Task;

    /// <summary>Writes the input and starts the script; a run that cannot start comes back already failed.</summary>
    public static async Task<EngineProcess> StartAsync(
        EngineRunRequest request, ExternalEngineOptions options, TimeProvider time, Func<EngineMessage, bool>? intercept, CancellationToken cancellationToken)
    {
        var engine = new EngineProcess(request, options, time, intercept);
        var script = Path.Combine(request.Folders.Script, EngineContract.Script(request.Kind));
        if (!File.Exists(script))
        {
            engine.EndUnstarted($"the script folder has no {EngineContract.Script(request.Kind)}");
            return engine;
        }

        try
        {
            Directory.CreateDirectory(request.Folders.Work);
            Directory.CreateDirectory(request.Folders.Output);
            var input = request.Input with { Kind = EngineContract.Name(request.Kind), Folders = request.Folders };
            await File.WriteAllBytesAsync(InputPath(request), JsonSerializer.SerializeToUtf8Bytes(input, EngineJson.Options), cancellationToken);
            engine.process = Process.Start(engine.StartInfo(script)) ?? throw new InvalidOperationException("the process did not start");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Win32Exception or InvalidOperationException)
        {
            engine.EndUnstarted($"the engine could not be started: {e.Message}");
            return engine;
        }

        engine.ProcessId = engine.process.Id;
        _ = engine.SuperviseAsync(engine.process);
        return engine;
    }

    public IAsyncEnumerable<EngineMessage> ReadMessagesAsync(CancellationToken cancellationToken) => messages.Reader.ReadAllAsync(cancellationToken);

    public async Task<EngineRunResult> StopAsync(CancellationToken cancellationToken)
    {
        Stop(StopReason.Cancelled);
        return await Completion.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Stop(StopReason.Cancelled);
        await Completion;
        timeout.Dispose();
        process?.Dispose();
    }

    /// <summary>The engine said it is ready: the timeout bounded its start only.</summary>
    public void EndStartTimeout() => timeout.CancelAfter(Timeout.InfiniteTimeSpan);

    /// <summary>Sends one line to the engine's stdin.</summary>
    public async Task WriteLineAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        var input = process?.StandardInput.BaseStream ?? throw new InvalidOperationException("the engine did not start");
        await input.WriteAsync(line, cancellationToken);
        await input.WriteAsync(Newline, cancellationToken);
        await input.FlushAsync(cancellationToken);
    }

    /// <summary>Adds a message as if the engine had written it (a warning about its own output).</summary>
    public void Report(EngineMessage message) => messages.Writer.TryWrite(message);

    /// <summary>Starts stopping the engine once; the first reason given is the one the result names.</summary>
    public void Stop(StopReason reason)
    {
        lock (gate)
        {
            // A process that has exited by itself is not stopped: its group may be gone and its id free for reuse.
            if (ended || exited.Task.IsCompleted || stopReason != StopReason.None || process is null)
            {
                return;
            }

            stopReason = reason;
        }

        _ = TerminateAsync(process);
    }

    private ProcessStartInfo StartInfo(string script)
    {
        var info = new ProcessStartInfo(options.SetsidPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = request.Folders.Work,
        };
        info.ArgumentList.Add(options.ShellPath);
        info.ArgumentList.Add(script);
        info.Environment.Clear();
        foreach (var name in options.InheritedVariables)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                info.Environment[name] = value;
            }
        }

        foreach (var (name, value) in request.Environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var folders = request.Folders;
        info.Environment[EngineContract.KindVariable] = EngineContract.Name(request.Kind);
        info.Environment[EngineContract.ContractVariable] = EngineContract.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment[EngineContract.InputVariable] = InputPath(request);
        info.Environment[EngineContract.WorkVariable] = folders.Work;
        info.Environment[EngineContract.ScriptVariable] = folders.Script;
        info.Environment[EngineContract.ModelTemplateVariable] = folders.ModelTemplate;
        info.Environment[EngineContract.ModelVariable] = folders.Model;
        info.Environment[EngineContract.DataSetVariable] = folders.DataSet;
        info.Environment[EngineContract.TestDataSetVariable] = folders.TestDataSet;
        info.Environment[EngineContract.OutputVariable] = folders.Output;
        return info;
    }

    private static string InputPath(EngineRunRequest request) => Path.Combine(request.Folders.Work, EngineContract.InputFile);

    private async Task SuperviseAsync(Process child)
    {
        using var pumps = new CancellationTokenSource();
        if (request.Kind != EngineKind.Inference)
        {
            // Nothing is sent to a training or evaluation engine: one that reads stdin sees its end at once.
            child.StandardInput.Close();
        }

        var stdout = PumpAsync(child.StandardOutput.BaseStream, fromStdout: true, pumps.Token);
        var stderr = PumpAsync(child.StandardError.BaseStream, fromStdout: false, pumps.Token);
        await using (timeout.Token.Register(() => Stop(StopReason.TimedOut)))
        {
            await child.WaitForExitAsync(CancellationToken.None);
        }

        exited.TrySetResult();

        // What the engine forked and left behind dies with it; what it wrote before is still in the pipes.
        ProcessGroup.Signal(child.Id, ProcessGroup.Kill);
        try
        {
            await Task.WhenAll(stdout, stderr).WaitAsync(options.GracePeriod, time);
        }
        catch (TimeoutException)
        {
            // A process that left the group (its own setsid) still holds a pipe; stop reading it.
            await pumps.CancelAsync();
        }

        StopReason reason;
        lock (gate)
        {
            ended = true;
            reason = stopReason;
        }

        var end = Result(child.ExitCode, reason);
        messages.Writer.TryComplete();
        completion.TrySetResult(end);
    }

    private async Task TerminateAsync(Process child)
    {
        if (request.Kind == EngineKind.Inference)
        {
            try
            {
                child.StandardInput.Close();
            }
            catch (IOException)
            {
                // It is gone already.
            }

            if (await ExitedWithin(options.GracePeriod))
            {
                return;
            }
        }

        ProcessGroup.Signal(child.Id, ProcessGroup.Terminate);
        if (!await ExitedWithin(options.GracePeriod))
        {
            ProcessGroup.Signal(child.Id, ProcessGroup.Kill);
        }
    }

    private async Task<bool> ExitedWithin(TimeSpan period)
    {
        try
        {
            await exited.Task.WaitAsync(period, time);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task PumpAsync(Stream stream, bool fromStdout, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var line in LineReader.ReadAsync(stream, options.MaxLineLength, cancellationToken))
            {
                if (line.Cut)
                {
                    Deliver(new EngineLog
                    {
                        Level = EngineLogLevel.Warning,
                        Text = $"engine wrote a line of {line.Length} bytes to {(fromStdout ? "stdout" : "stderr")}, over the limit of {options.MaxLineLength}; it was skipped",
                    });
                }
                else if (!string.IsNullOrWhiteSpace(line.Text))
                {
                    if (fromStdout)
                    {
                        Deliver(EngineMessageParser.Parse(line.Text));
                    }
                    else
                    {
                        lastError = line.Text;
                        Deliver(new EngineLog { Level = EngineLogLevel.Warning, Text = line.Text });
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The pipe closed under the reader: the run is ending.
        }
    }

    private void Deliver(EngineMessage message)
    {
        switch (message)
        {
            case EngineResult last:
                result = last;
                return;
            case EngineLog { Level: EngineLogLevel.Error } log:
                lastError = log.Text;
                break;
        }

        if (intercept?.Invoke(message) != true)
        {
            messages.Writer.TryWrite(message);
        }
    }

    private EngineRunResult Result(int exitCode, StopReason reason)
    {
        var (outcome, why) = reason switch
        {
            StopReason.TimedOut when request.Kind == EngineKind.Inference => (EngineRunOutcome.TimedOut, $"not ready within {request.Timeout}"),
            StopReason.TimedOut => (EngineRunOutcome.TimedOut, $"ran longer than {request.Timeout}"),
            StopReason.Cancelled => (EngineRunOutcome.Cancelled, "stopped"),
            _ => Judge(exitCode),
        };
        return new EngineRunResult
        {
            Outcome = outcome,
            Reason = why,
            ExitCode = exitCode,
            Metrics = result?.Metrics ?? new Dictionary<string, double>(),
            DroppedMessages = Interlocked.Read(ref dropped),
            Duration = time.GetElapsedTime(started),
        };
    }

    /// <summary>How an engine that ended by itself did: its exit code, its result line, and the output its kind must leave.</summary>
    private (EngineRunOutcome, string?) Judge(int exitCode)
    {
        var reason = result?.Reason ?? lastError;
        if (request.Kind == EngineKind.Inference)
        {
            return (EngineRunOutcome.Failed, reason ?? $"the engine ended by itself with exit code {exitCode}");
        }

        if (exitCode != 0)
        {
            return (EngineRunOutcome.Failed, reason ?? $"the engine exited with code {exitCode}");
        }

        if (result is { Status: EngineResultStatus.Failed })
        {
            return (EngineRunOutcome.Failed, result.Reason ?? "the engine reported a failure without a reason");
        }

        return MissingOutput() is { } missing ? (EngineRunOutcome.Failed, missing) : (EngineRunOutcome.Succeeded, null);
    }

    private string? MissingOutput()
    {
        var folders = request.Folders;
        return request.Kind switch
        {
            EngineKind.Training when !Directory.Exists(folders.ModelPackage) || !Directory.EnumerateFileSystemEntries(folders.ModelPackage).Any() =>
                $"the engine exited with code 0 but left no model package in output/{EngineContract.ModelPackageFolder}/",
            EngineKind.Evaluation when !File.Exists(folders.Evaluation) || !File.Exists(folders.Predictions) =>
                $"the engine exited with code 0 but left no output/{EngineContract.EvaluationFile} and output/{EngineContract.PredictionsFile}",
            _ => null,
        };
    }

    private void EndUnstarted(string reason)
    {
        ended = true;
        messages.Writer.TryComplete();
        completion.TrySetResult(new EngineRunResult { Outcome = EngineRunOutcome.Failed, Reason = reason });
    }
}
