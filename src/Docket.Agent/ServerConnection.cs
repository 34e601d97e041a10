using System.Reflection;
using Docket.Agent.Processes;
using Docket.Agent.Protocol.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Docket.Agent;

/// <summary>
/// The agent's one stream to the server: hello, then a heartbeat every period the server asked for, until either side
/// ends it; then again, with exponential back-off and jitter (Polly) while attempts fail. A session that was welcomed
/// and later broke starts the back-off afresh, so a server restart is followed at once.
/// </summary>
public sealed partial class ServerConnection(
    IOptions<AgentOptions> options, CommandRunner commands, ProcessSupervisor processes, AgentOutbox outbox, LogQueue log, TimeProvider time,
    ILogger<ServerConnection> logger)
    : BackgroundService
{
    /// <summary>How often queued log lines are sent when fewer than a batch wait.</summary>
    public static readonly TimeSpan LogFlushPeriod = TimeSpan.FromSeconds(1);

    /// <summary>The protocol version this agent speaks (agent.proto's header).</summary>
    public const uint ProtocolVersion = 1;

    private static readonly string AgentVersion =
        typeof(ServerConnection).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;

        // A retry around the attempt to get a welcome and hold the stream: Polly's retry fits a call that fails and is
        // tried again; a session that ran and ended returns normally, so the next one starts from the first delay.
        var pipeline = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException || !stoppingToken.IsCancellationRequested),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromSeconds(1),
            MaxDelay = settings.MaxReconnectDelay,
            DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Exception is AgentRefusedException ? settings.MaxReconnectDelay : null),
            OnRetry = args =>
            {
                Log.Retrying(logger, args.RetryDelay, args.Outcome.Exception?.Message ?? "the stream ended");
                return ValueTask.CompletedTask;
            },
        }).Build();

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await pipeline.ExecuteAsync(RunSessionAsync, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async ValueTask RunSessionAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var (id, key) = await AgentCredentials.ReadAsync(settings, cancellationToken);
        using var channel = GrpcChannel.ForAddress(settings.Server!, new GrpcChannelOptions { HttpHandler = ServerTrust.Handler(settings), DisposeHttpClient = true });
        using var call = new AgentHub.AgentHubClient(channel).Connect(
            new Metadata { { "authorization", $"Bearer {key}" } }, cancellationToken: cancellationToken);

        var hello = new Hello
        {
            AgentId = id.ToString(),
            AgentVersion = AgentVersion,
            ProtocolVersion = ProtocolVersion,
            Host = await HostFactsProbe.ProbeAsync(settings.WorkDirectory, cancellationToken),
        };
        hello.Running.AddRange(processes.Running());
        await call.RequestStream.WriteAsync(new AgentMessage { Hello = hello }, cancellationToken);
        if (!await call.ResponseStream.MoveNext(cancellationToken))
        {
            throw new IOException("The server ended the stream without answering the hello.");
        }

        var answer = call.ResponseStream.Current;
        if (answer.KindCase == ServerMessage.KindOneofCase.Refusal)
        {
            StopWorkIfDisabled(answer.Refusal);
            throw new AgentRefusedException(answer.Refusal.Reason, answer.Refusal.Detail);
        }

        var period = TimeSpan.FromSeconds(Math.Max(1, answer.Welcome.HeartbeatPeriodSeconds));
        Log.Connected(logger, settings.Server!, answer.Welcome.ServerVersion, period);

        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // gRPC allows one write at a time on a stream; heartbeats, reports, answers and log batches take turns.
        using var writing = new SemaphoreSlim(1, 1);
        var requests = new SerialWriter(call.RequestStream, writing);
        var heartbeats = SendHeartbeatsAsync(requests, period, session.Token);
        var reports = outbox.PumpAsync(requests.WriteAsync, session.Token);
        var logs = SendLogAsync(requests, session.Token);
        try
        {
            // Whichever ends first ends the session: the server's side, or a report or a log batch that cannot be written.
            await await Task.WhenAny(ReadAsync(call.ResponseStream, requests, session.Token), reports, logs);
        }
        catch (Exception e) when (e is RpcException or IOException && !cancellationToken.IsCancellationRequested)
        {
            Log.Broken(logger, e.Message);
        }
        finally
        {
            await session.CancelAsync();
            foreach (var writer in new[] { heartbeats, reports, logs })
            {
                try
                {
                    await writer;
                }
                catch (Exception e) when (e is OperationCanceledException or RpcException or IOException or InvalidOperationException)
                {
                    // The stream is gone: the heartbeat that was being written goes with it; log lines were put back.
                }
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task SendHeartbeatsAsync(SerialWriter requests, TimeSpan period, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var heartbeat = new Heartbeat { SentAt = Timestamp.FromDateTimeOffset(time.GetUtcNow()) };
            heartbeat.Running.AddRange(processes.Running());
            await requests.WriteAsync(new AgentMessage { Heartbeat = heartbeat }, cancellationToken);
        }
    }

    /// <summary>
    /// Sends the queued log lines every <see cref="LogFlushPeriod"/>, or at once when a whole batch waits. A batch that
    /// could not be written goes back to the queue for the next stream.
    /// </summary>
    private async Task SendLogAsync(SerialWriter requests, CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.WhenAny(log.Full, Task.Delay(LogFlushPeriod, time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            var lines = log.Take(time.GetUtcNow());
            if (lines.Count == 0)
            {
                continue;
            }

            var batch = new LogBatch();
            batch.Lines.AddRange(lines);
            try
            {
                await requests.WriteAsync(new AgentMessage { LogBatch = batch }, cancellationToken);
            }
            catch
            {
                log.PutBack(lines);
                throw;
            }
        }
    }

    private async Task ReadAsync(IAsyncStreamReader<ServerMessage> responses, SerialWriter requests, CancellationToken cancellationToken)
    {
        while (await responses.MoveNext(cancellationToken))
        {
            if (responses.Current.KindCase == ServerMessage.KindOneofCase.Command)
            {
                var command = responses.Current.Command;
                var result = commands.Run(command);
                Log.Answered(logger, command.KindCase, command.CommandId, result.Succeeded);
                await requests.WriteAsync(new AgentMessage { Result = result }, cancellationToken);
                continue;
            }

            if (responses.Current.KindCase == ServerMessage.KindOneofCase.Refusal)
            {
                // Disabled or removed while connected: the next hello will be refused until a person acts.
                Log.Ended(logger, responses.Current.Refusal.Reason, responses.Current.Refusal.Detail);
                StopWorkIfDisabled(responses.Current.Refusal);
                return;
            }
        }
    }

    /// <summary>
    /// A disabled agent does no work: the server has ended its launches already (docs/agents.md), and nothing the
    /// engines did would reach it, so every run is stopped; their ends wait in the outbox until the agent is enabled.
    /// </summary>
    private void StopWorkIfDisabled(Refusal refusal)
    {
        if (refusal.Reason == RefusalReason.AgentDisabled && processes.StopAll("the agent was disabled on the server") is var stopped and > 0)
        {
            Log.StoppedForDisabled(logger, stopped);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "The agent is disabled on the server: {Count} running process(es) stopped.")]
        public static partial void StoppedForDisabled(ILogger logger, int count);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Command {Kind} {CommandId} answered (succeeded: {Succeeded})")]
        public static partial void Answered(ILogger logger, Command.KindOneofCase kind, string commandId, bool succeeded);

        [LoggerMessage(Level = LogLevel.Information, Message = "Connected to {Server} (Docket {ServerVersion}); heartbeat every {Period}")]
        public static partial void Connected(ILogger logger, Uri server, string serverVersion, TimeSpan period);

        [LoggerMessage(Level = LogLevel.Warning, Message = "The stream to the server broke: {Reason}")]
        public static partial void Broken(ILogger logger, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "The server ended the stream ({Reason}): {Detail}")]
        public static partial void Ended(ILogger logger, RefusalReason reason, string detail);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Could not connect ({Reason}); trying again in {Delay}")]
        public static partial void Retrying(ILogger logger, TimeSpan delay, string reason);
    }
}
