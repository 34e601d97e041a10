using System.Text.Json;
using Docket.Agent.Files;
using Docket.Agent.Protocol.V1;
using Docket.Archives;
using Docket.Engines;
using Docket.Engines.Messages;
using Docket.Engines.Output;
using Docket.Events;
using Google.Protobuf.WellKnownTypes;

namespace Docket.Agent.Processes;

/// <summary>
/// One launch of a process on this agent, from its first step to its end: prepare the run folder, fetch and unpack
/// each file, start the engine, relay what it reports, upload what a successful run left, end with one
/// <see cref="ProcessEnded"/>, remove the folder.
/// </summary>
public sealed partial class ProcessLaunch : IDisposable
{
    /// <summary>What a package may unpack to, on top of the work folder's disk budget.</summary>
    private static readonly ZipLimits PackageLimits = new()
    {
        MaxEntries = 1_000_000,
        MaxEntryBytes = 16L * 1024 * 1024 * 1024,
        MaxCompressionRatio = 200,
        MaxTotalBytes = long.MaxValue,
    };

    private readonly StartProcess command;
    private readonly LaunchServices services;
    private readonly CancellationTokenSource stopping = new();
    private readonly Guid runId;
    private volatile string state = "launching";
    private string? stopReason;

    internal ProcessLaunch(StartProcess command, Guid runId, LaunchServices services)
    {
        this.command = command;
        this.runId = runId;
        this.services = services;
    }

    public string ProcessId => command.ProcessId;

    public RunningProcess Running => new()
    {
        ProcessId = command.ProcessId,
        Kind = LaunchSteps.Name(command.Kind),
        State = state,
        OperationId = command.OperationId,
    };

    /// <summary>Stops the launch or its engine; the run then ends as stopped, with <paramref name="reason"/>.</summary>
    public void Stop(string reason)
    {
        Interlocked.CompareExchange(ref stopReason, reason, null);
        try
        {
            stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already ended.
        }
    }

    /// <summary>The whole launch; never throws for what the files or the engine do.</summary>
    public async Task RunAsync()
    {
        using var scope = services.Logger.BeginScope(new Dictionary<string, object> { ["ProcessId"] = command.ProcessId, ["OperationId"] = command.OperationId });
        var ended = new ProcessEnded { ProcessId = command.ProcessId, OperationId = command.OperationId, Kind = command.Kind };
        try
        {
            await LaunchAsync(ended);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            ended.Outcome = ProcessOutcome.Stopped;
            ended.Reason = stopReason ?? "stopped";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or JsonException or ArgumentException)
        {
            ended.Outcome = ProcessOutcome.Failed;
            ended.Reason = $"The agent failed to run the process: {e.Message}";
            Log.Unexpected(services.Logger, e);
        }

        if (ended.Outcome != ProcessOutcome.Succeeded)
        {
            // A run stopped or failed while its outputs were sent: the server takes no output of a run that did not succeed.
            ended.Outputs.Clear();
        }

        // An agent that shuts down keeps the folder: its ProcessEnded may never leave, so the next start reports the
        // run as lost from the folder's record and removes it then.
        if (!services.ShuttingDown)
        {
            try
            {
                services.Folders.Remove(runId);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.CleanupFailed(services.Logger, e.Message);
            }
        }

        ended.Time = Now();
        Log.Ended(services.Logger, ended.Outcome, ended.Reason);
        await services.Outbox.PostAsync(new AgentMessage { ProcessEnded = ended }, CancellationToken.None);
    }

    public void Dispose() => stopping.Dispose();

    private async Task LaunchAsync(ProcessEnded ended)
    {
        var kind = command.Kind;
        var token = stopping.Token;
        await ReportAsync(LaunchSteps.Pipeline(kind), $"Launching the {LaunchSteps.Name(kind)} (operation {command.OperationId}).");

        // Storage: the run's folder, its record, and the contract's work folder beneath it.
        EngineFolders folders;
        string downloads;
        var storage = LaunchSteps.Storage(kind);
        try
        {
            var runFolder = services.Folders.Create(runId);
            RunRecord.Write(runFolder, new RunRecord(command.ProcessId, kind, command.OperationId));
            folders = EngineFolders.Under(Path.Combine(runFolder, "work"));
            downloads = Directory.CreateDirectory(Path.Combine(runFolder, "downloads")).FullName;
            Directory.CreateDirectory(folders.Output);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await FailAsync(ended, storage.Error, $"The run folder could not be prepared: {e.Message}");
            return;
        }

        await ReportAsync(storage.Success, $"Run folder {folders.Work} prepared.");

        foreach (var (role, _) in LaunchSteps.Files(kind))
        {
            if (command.Files.FirstOrDefault(file => file.Role == role) is not { } file)
            {
                continue;
            }

            token.ThrowIfCancellationRequested();
            var download = LaunchSteps.Download(kind, role);
            var ticket = new FileTicket(file.Path, file.Token, file.Sha256, (long)file.Size, file.Name);
            var fetched = await services.Downloader.DownloadAsync(ticket, downloads, token);
            if (!fetched.Succeeded)
            {
                await FailAsync(ended, download.Error, $"{Describe(role)}: {fetched.Detail}");
                return;
            }

            if (role != FileRole.Script)
            {
                await ReportAsync(download.Success, $"{Describe(role)} '{file.Name}' downloaded ({file.Size} bytes, SHA-256 checked).");
            }

            var unzip = LaunchSteps.Unzip(kind, role);
            var unpacked = await services.Extractor.ExtractAsync(fetched.Path!, LaunchSteps.Folder(folders, role), PackageLimits, token);
            File.Delete(fetched.Path!);
            if (!unpacked.Succeeded)
            {
                await FailAsync(ended, unzip.Error, $"{Describe(role)}: {unpacked.Detail}");
                return;
            }

            await ReportAsync(unzip.Success, role == FileRole.Script
                ? $"Script folder '{file.Name}' downloaded and unpacked."
                : $"{Describe(role)} unpacked into {LaunchSteps.Folder(folders, role)}.");
        }

        var input = EngineInputs.Read(command);
        if (kind != ProcessKind.Training)
        {
            var scheme = LaunchSteps.MarkingScheme;
            if (input.MarkingScheme is not { ValueKind: JsonValueKind.Object })
            {
                await FailAsync(ended, scheme.Error, "The engine input names no marking scheme.");
                return;
            }

            await ReportAsync(scheme.Success, "Marking scheme received with the engine input.");
        }

        token.ThrowIfCancellationRequested();
        var request = new EngineRunRequest
        {
            Kind = kind switch { ProcessKind.Training => EngineKind.Training, ProcessKind.TestRun => EngineKind.Evaluation, _ => EngineKind.Inference },
            Folders = folders,
            Input = input,
            Timeout = command.TimeLimitSeconds == 0 ? null : TimeSpan.FromSeconds(command.TimeLimitSeconds),
        };
        if (kind == ProcessKind.Inference)
        {
            await ServeAsync(request, ended, token);
        }
        else
        {
            await RunToEndAsync(request, ended, token);
        }
    }

    /// <summary>Training and test run: the engine runs until it ends by itself, times out, or is stopped.</summary>
    private async Task RunToEndAsync(EngineRunRequest request, ProcessEnded ended, CancellationToken token)
    {
        var started = LaunchSteps.Started(command.Kind);
        await using var run = await services.Engine.StartAsync(request, CancellationToken.None);
        if (run.ProcessId is null)
        {
            var result = await run.Completion;
            await FailAsync(ended, started.Error, result.Reason ?? "the engine did not start");
            return;
        }

        await ReportAsync(started.Success, $"Engine started (pid {run.ProcessId}).");
        state = "running";
        await using (token.Register(() => _ = run.StopAsync(CancellationToken.None)))
        {
            await RelayAsync(run.ReadMessagesAsync(CancellationToken.None));
        }

        var end = await run.Completion;
        Finish(ended, end);
        if (end.Succeeded)
        {
            await SummarizeAsync(request.Folders, ended);
        }

        if (ended.Outcome == ProcessOutcome.Succeeded
            && await RunOutputs.UploadAsync(command, request.Folders, Path.Combine(services.Folders.PathOf(runId), "uploads"), services.Uploader, ended, token) is { } failure)
        {
            ended.Outcome = ProcessOutcome.Failed;
            ended.Reason = failure;
            Log.OutputFailed(services.Logger, failure);
        }
    }

    /// <summary>Inference: the engine stays warm until stopped; it must say it is ready within the time limit.</summary>
    private async Task ServeAsync(EngineRunRequest request, ProcessEnded ended, CancellationToken token)
    {
        var started = LaunchSteps.Started(command.Kind);
        await using var session = await services.Engine.StartInferenceAsync(request, CancellationToken.None);
        await using (token.Register(() => _ = session.StopAsync(CancellationToken.None)))
        {
            var relay = RelayAsync(session.ReadMessagesAsync(CancellationToken.None));
            if (await session.WaitReadyAsync(CancellationToken.None))
            {
                state = "serving";
                await ReportAsync(started.Success, $"Inference engine ready (pid {session.ProcessId}, {session.Concurrency} pages at once).");
            }
            else if (!token.IsCancellationRequested)
            {
                var result = await session.Completion;
                await ReportAsync(started.Error, result.Reason ?? "the engine ended before it was ready");
            }

            await relay;
        }

        Finish(ended, await session.Completion);
    }

    private async Task RelayAsync(IAsyncEnumerable<EngineMessage> messages)
    {
        await foreach (var message in messages)
        {
            switch (message)
            {
                case EngineMetrics metrics:
                    var sent = new ProcessMetrics { ProcessId = command.ProcessId, OperationId = command.OperationId, Time = Now() };
                    if (metrics.Step is { } step)
                    {
                        sent.Step = step;
                    }

                    foreach (var (name, value) in metrics.Values)
                    {
                        sent.Values[name] = value;
                    }

                    await services.Outbox.PostAsync(new AgentMessage { Metrics = sent }, CancellationToken.None);
                    break;
                case EngineLog log:
                    Log.Engine(services.Logger, log.Level switch
                    {
                        EngineLogLevel.Debug => LogLevel.Debug,
                        EngineLogLevel.Warning => LogLevel.Warning,
                        EngineLogLevel.Error => LogLevel.Error,
                        _ => LogLevel.Information,
                    }, log.Text);
                    break;
                case EngineProgress progress:
                    Log.Progress(services.Logger, progress.Step, progress.Total, progress.Text);
                    break;
            }
        }
    }

    private void Finish(ProcessEnded ended, EngineRunResult result)
    {
        ended.Outcome = result.Outcome switch
        {
            EngineRunOutcome.Succeeded => ProcessOutcome.Succeeded,
            EngineRunOutcome.TimedOut => ProcessOutcome.TimedOut,
            EngineRunOutcome.Cancelled => ProcessOutcome.Stopped,
            _ => ProcessOutcome.Failed,
        };
        ended.Reason = result.Outcome == EngineRunOutcome.Cancelled ? stopReason ?? "stopped" : result.Reason ?? "";
        foreach (var (name, value) in result.Metrics)
        {
            ended.Metrics[name] = value;
        }
    }

    /// <summary>What the output holds that the server keeps: the model package's size, the evaluation and the predictions.</summary>
    private async Task SummarizeAsync(EngineFolders folders, ProcessEnded ended)
    {
        if (command.Kind == ProcessKind.Training)
        {
            ended.ModelPackageBytes = (ulong)new DirectoryInfo(folders.ModelPackage).EnumerateFiles("*", SearchOption.AllDirectories).Sum(file => file.Length);
            return;
        }

        try
        {
            var report = await EngineOutput.ReadEvaluationAsync(folders, CancellationToken.None);
            ended.EvaluationJson = JsonSerializer.Serialize(report, EngineJson.Options);
            uint pages = 0;
            await foreach (var _ in EngineOutput.ReadPredictionsAsync(folders, CancellationToken.None))
            {
                pages++;
            }

            ended.PredictionCount = pages;
        }
        catch (InvalidDataException e)
        {
            ended.Outcome = ProcessOutcome.Failed;
            ended.Reason = e.Message;
        }
    }

    private async Task FailAsync(ProcessEnded ended, EventCode code, string reason)
    {
        await ReportAsync(code, reason);
        ended.Outcome = ProcessOutcome.Failed;
        ended.Reason = reason;
    }

    private async Task ReportAsync(EventCode code, string text)
    {
        Log.Step(services.Logger, (int)code, text);
        await services.Outbox.PostAsync(new AgentMessage
        {
            Event = new AgentEvent { Code = (int)code, Time = Now(), ProcessId = command.ProcessId, OperationId = command.OperationId, Text = text },
        }, CancellationToken.None);
    }

    private Timestamp Now() => Timestamp.FromDateTimeOffset(services.Time.GetUtcNow());

    private static string Describe(FileRole role) => role switch
    {
        FileRole.Script => "The script folder",
        FileRole.ModelTemplate => "The model template",
        FileRole.Model => "The model",
        FileRole.DataSet => "The dataset",
        FileRole.TestDataSet => "The test dataset",
        _ => role.ToString(),
    };

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "{Code}: {Text}")]
        public static partial void Step(ILogger logger, int code, string text);

        [LoggerMessage(Message = "engine: {Text}")]
        public static partial void Engine(ILogger logger, LogLevel level, string text);

        [LoggerMessage(Level = LogLevel.Debug, Message = "engine progress {Step} of {Total}: {Text}")]
        public static partial void Progress(ILogger logger, long step, long? total, string? text);

        [LoggerMessage(Level = LogLevel.Information, Message = "Process ended {Outcome}: {Reason}")]
        public static partial void Ended(ILogger logger, ProcessOutcome outcome, string reason);

        [LoggerMessage(Level = LogLevel.Error, Message = "The process failed in the agent")]
        public static partial void Unexpected(ILogger logger, Exception exception);

        [LoggerMessage(Level = LogLevel.Warning, Message = "The run's output did not reach the server: {Reason}")]
        public static partial void OutputFailed(ILogger logger, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "The run folder could not be removed: {Reason}")]
        public static partial void CleanupFailed(ILogger logger, string reason);
    }
}
