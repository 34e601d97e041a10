using System.Collections.Concurrent;
using Docket.Agent.Files;
using Docket.Agent.Protocol.V1;
using Docket.Engines;
using Google.Protobuf.WellKnownTypes;

namespace Docket.Agent.Processes;

/// <summary>
/// The processes this agent runs (docs/agents.md, "Processes"). A start is answered at once, accepted or refused, and
/// the launch runs on; a stop ends it as stopped. On start the supervisor ends what a killed agent left behind and
/// reports each such run lost; on stop it stops every run.
/// </summary>
public sealed partial class ProcessSupervisor : IHostedService
{
    private readonly ConcurrentDictionary<string, (ProcessLaunch Launch, Task Running)> launches = new(StringComparer.Ordinal);
    private readonly IEngine engine;
    private readonly RunFolders folders;
    private readonly WorkDisk disk;
    private readonly AgentOutbox outbox;
    private readonly TimeProvider time;
    private readonly ILogger<ProcessSupervisor> logger;
    private readonly LaunchServices services;
    private readonly Lock gate = new();

    public ProcessSupervisor(IEngine engine, FileDownloader downloader, FileUploader uploader, PackageExtractor extractor, RunFolders folders,
        WorkDisk disk, AgentOutbox outbox, TimeProvider time, ILogger<ProcessSupervisor> logger)
    {
        this.engine = engine;
        this.folders = folders;
        this.disk = disk;
        this.outbox = outbox;
        this.time = time;
        this.logger = logger;
        services = new LaunchServices(engine, downloader, uploader, extractor, folders, outbox, time, logger);
    }

    /// <summary>What runs now, for the hello and every heartbeat.</summary>
    public IReadOnlyList<RunningProcess> Running() => [.. launches.Values.Select(entry => entry.Launch.Running)];

    /// <summary>Accepts a launch and starts it, or says why not (null: accepted).</summary>
    public string? Start(StartProcess command)
    {
        if (command.Kind is not (ProcessKind.Training or ProcessKind.Inference or ProcessKind.TestRun))
        {
            return $"This agent does not know the process kind {command.Kind}.";
        }

        if (!Guid.TryParse(command.ProcessId, out var runId))
        {
            return $"The process id '{command.ProcessId}' is not a GUID.";
        }

        var allowed = LaunchSteps.Files(command.Kind);
        if (command.Files.FirstOrDefault(file => allowed.All(role => role.Role != file.Role)) is { } stray)
        {
            return $"A {LaunchSteps.Name(command.Kind)} takes no file of the role {stray.Role}.";
        }

        if (allowed.FirstOrDefault(role => role.Required && command.Files.All(file => file.Role != role.Role)) is { Required: true } missing)
        {
            return $"A {LaunchSteps.Name(command.Kind)} needs a file of the role {missing.Role}.";
        }

        if (command.Uploads.FirstOrDefault(upload => !RunOutputs.Leaves(command.Kind, upload.Role)) is { } strayUpload)
        {
            return $"A {LaunchSteps.Name(command.Kind)} leaves no output of the role {strayUpload.Role}.";
        }

        if (EngineInputs.Refusal(command) is { } badInput)
        {
            return badInput;
        }

        if (services.ShuttingDown)
        {
            return "The agent is shutting down.";
        }

        lock (gate)
        {
            if (launches.ContainsKey(command.ProcessId))
            {
                return $"The process {command.ProcessId} is already running on this agent.";
            }

            // Each package is on disk twice for a moment (the zip and what it unpacks to): count both.
            var bytes = command.Files.Sum(file => (long)file.Size) * 2;
            if (disk.Refusal(bytes, $"The {LaunchSteps.Name(command.Kind)}'s files") is { } refusal)
            {
                return refusal;
            }

            var launch = new ProcessLaunch(command, runId, services);
            // Listed before it starts, so that its end (which unlists it) cannot come first.
            var listed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var running = RunAsync(launch, listed.Task);
            launches[command.ProcessId] = (launch, running);
            listed.SetResult();
        }

        Log.Accepted(logger, command.ProcessId, command.Kind, command.OperationId);
        return null;
    }

    /// <summary>Stops a process; null when this agent runs it (it ends as stopped), else why not.</summary>
    public string? Stop(StopProcess command)
    {
        if (!launches.TryGetValue(command.ProcessId, out var entry))
        {
            return $"The process {command.ProcessId} is not running on this agent.";
        }

        Log.Stopping(logger, command.ProcessId, command.OperationId);
        entry.Launch.Stop("stopped");
        return null;
    }

    /// <summary>Stops every run (each then ends as stopped, with <paramref name="reason"/>); returns how many there were.</summary>
    public int StopAll(string reason)
    {
        var running = launches.Values.ToList();
        foreach (var (launch, _) in running)
        {
            launch.Stop(reason);
        }

        return running.Count;
    }

    /// <summary>Ends what a killed agent left running, reports each such run lost (15101, 18101) and removes its folder.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var runId in folders.Existing())
        {
            var folder = folders.PathOf(runId);
            var record = RunRecord.Read(folder);
            var work = Path.Combine(folder, "work");
            var ended = Directory.Exists(work) ? await engine.StopLeftoversAsync(work, cancellationToken) : 0;
            if (record is not null)
            {
                var text = $"The agent started again and found the {LaunchSteps.Name(record.Kind)} of operation {record.OperationId} dead "
                    + $"({ended} engine process group(s) left behind were ended); its run folder was removed.";
                Log.Lost(logger, record.ProcessId, text);
                var now = Timestamp.FromDateTimeOffset(time.GetUtcNow());
                await outbox.PostAsync(new AgentMessage
                {
                    Event = new AgentEvent { Code = (int)LaunchSteps.Lost(record.Kind), Time = now, ProcessId = record.ProcessId, OperationId = record.OperationId, Text = text },
                }, cancellationToken);
                await outbox.PostAsync(new AgentMessage
                {
                    ProcessEnded = new ProcessEnded
                    {
                        ProcessId = record.ProcessId, OperationId = record.OperationId, Kind = record.Kind, Outcome = ProcessOutcome.Lost, Reason = text, Time = now,
                    },
                }, cancellationToken);
            }

            folders.Remove(runId);
        }
    }

    /// <summary>Stops every run (SIGTERM, then SIGKILL after the grace period) and waits for them, as long as the host lets it.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        services.ShuttingDown = true;
        var running = launches.Values.ToList();
        foreach (var (launch, _) in running)
        {
            launch.Stop("the agent is shutting down");
        }

        await Task.WhenAll(running.Select(entry => entry.Running)).WaitAsync(cancellationToken);
    }

    private async Task RunAsync(ProcessLaunch launch, Task listed)
    {
        await listed;
        try
        {
            await launch.RunAsync();
        }
        finally
        {
            launches.TryRemove(launch.ProcessId, out _);
            launch.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Process {ProcessId} ({Kind}) accepted for operation {OperationId}")]
        public static partial void Accepted(ILogger logger, string processId, ProcessKind kind, string operationId);

        [LoggerMessage(Level = LogLevel.Information, Message = "Stopping process {ProcessId} (operation {OperationId})")]
        public static partial void Stopping(ILogger logger, string processId, string operationId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Process {ProcessId} lost: {Text}")]
        public static partial void Lost(ILogger logger, string processId, string text);
    }
}
