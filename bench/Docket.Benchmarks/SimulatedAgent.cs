using Docket.Agent.Protocol.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace Docket.Benchmarks;

/// <summary>
/// One agent as the server sees it: its own HTTP/2 connection (a real agent machine has one), a hello, a heartbeat
/// every period and an answer to every command, without the agent program's own cost in the bench's process. A
/// process it is told to start starts at once: it answers, reports the launch's steps (no download, an engine that is
/// ready at once), lists it in its heartbeats, and ends it as stopped when told to stop.
/// </summary>
internal sealed class SimulatedAgent : IAsyncDisposable
{
    private readonly GrpcChannel channel;
    private readonly AsyncDuplexStreamingCall<AgentMessage, ServerMessage> call;
    private readonly CancellationTokenSource ending = new();
    private readonly SemaphoreSlim writing = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, StartProcess> processes = new();
    private Task running = Task.CompletedTask;

    /// <summary>The steps of an inference launch whose engine is ready at once (docs/agents.md, "Steps").</summary>
    private static readonly int[] InferenceSteps = [18100, 18200, 18300, 18500, 18502, 18600, 18800];

    private SimulatedAgent(GrpcChannel channel, AsyncDuplexStreamingCall<AgentMessage, ServerMessage> call)
    {
        this.channel = channel;
        this.call = call;
    }

    public static async Task<SimulatedAgent> ConnectAsync(Uri server, Guid id, string key, TimeSpan period, CancellationToken cancellationToken)
    {
        var channel = GrpcChannel.ForAddress(server);
        var call = new AgentHub.AgentHubClient(channel).Connect(new Metadata { { "authorization", $"Bearer {key}" } }, cancellationToken: cancellationToken);
        var agent = new SimulatedAgent(channel, call);
        await call.RequestStream.WriteAsync(new AgentMessage
        {
            Hello = new Hello
            {
                AgentId = id.ToString(),
                AgentVersion = "bench",
                ProtocolVersion = 1,
                Host = new HostFacts { HostName = $"sim-{id:N}", OperatingSystem = "Linux", ProcessorCount = 8, MemoryBytes = 16L << 30 },
            },
        }, cancellationToken);
        if (!await call.ResponseStream.MoveNext(cancellationToken) || call.ResponseStream.Current.KindCase != ServerMessage.KindOneofCase.Welcome)
        {
            throw new InvalidOperationException($"Agent {id} was not welcomed.");
        }

        agent.running = Task.WhenAll(agent.HeartbeatAsync(period), agent.AnswerAsync());
        return agent;
    }

    private async Task HeartbeatAsync(TimeSpan period)
    {
        // Started at a random point of the period, as agents that connected at different times are.
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * period.TotalMilliseconds), ending.Token);
        using var timer = new PeriodicTimer(period);
        while (await timer.WaitForNextTickAsync(ending.Token))
        {
            var heartbeat = new Heartbeat { SentAt = Timestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow()) };
            heartbeat.Running.AddRange(processes.Values.Select(p => new RunningProcess { ProcessId = p.ProcessId, OperationId = p.OperationId, Kind = "inference", State = "serving" }));
            await SendAsync(new AgentMessage { Heartbeat = heartbeat });
        }
    }

    private async Task AnswerAsync()
    {
        while (await call.ResponseStream.MoveNext(ending.Token))
        {
            if (call.ResponseStream.Current.KindCase == ServerMessage.KindOneofCase.Command)
            {
                var command = call.ResponseStream.Current.Command;
                await SendAsync(new AgentMessage
                {
                    Result = new CommandResult
                    {
                        CommandId = command.CommandId,
                        Succeeded = true,
                        AnsweredAt = Timestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow()),
                    },
                });
                await RunAsync(command);
            }
        }
    }

    /// <summary>What a started or stopped process reports, at once.</summary>
    private async Task RunAsync(Command command)
    {
        if (command.StartProcess is { } start)
        {
            processes[start.ProcessId] = start;
            foreach (var code in InferenceSteps)
            {
                await SendAsync(new AgentMessage
                {
                    Event = new AgentEvent { Code = code, ProcessId = start.ProcessId, OperationId = start.OperationId, Time = Timestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow()) },
                });
            }
        }
        else if (command.StopProcess is { } stop && processes.TryRemove(stop.ProcessId, out var stopped))
        {
            await SendAsync(new AgentMessage
            {
                ProcessEnded = new ProcessEnded
                {
                    ProcessId = stopped.ProcessId, OperationId = stopped.OperationId, Kind = stopped.Kind, Outcome = ProcessOutcome.Stopped,
                    Reason = "stopped", Time = Timestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow()),
                },
            });
        }
    }

    private async Task SendAsync(AgentMessage message)
    {
        await writing.WaitAsync(ending.Token);
        try
        {
            await call.RequestStream.WriteAsync(message, ending.Token);
        }
        finally
        {
            writing.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ending.CancelAsync();
        try
        {
            await running;
        }
        catch (Exception e) when (e is OperationCanceledException or RpcException)
        {
            // Ended by the bench.
        }

        call.Dispose();
        channel.Dispose();
        ending.Dispose();
        writing.Dispose();
    }
}
