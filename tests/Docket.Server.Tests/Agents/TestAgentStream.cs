using Docket.Agent.Protocol.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Docket.Server.Tests.Agents;

/// <summary>
/// One agent stream driven by a test through the generated client: the real protocol, without the agent process, for
/// tests about what the server does with a stream.
/// </summary>
public sealed class TestAgentStream : IAsyncDisposable
{
    private readonly GrpcChannel channel;
    private readonly AsyncDuplexStreamingCall<AgentMessage, ServerMessage> call;
    private readonly SemaphoreSlim writing = new(1, 1);
    private readonly CancellationTokenSource ending = new();
    private Task heartbeats = Task.CompletedTask;

    public TestAgentStream(Uri address, string key, CancellationToken cancellationToken)
    {
        channel = GrpcChannel.ForAddress(address);
        call = new AgentHub.AgentHubClient(channel).Connect(new Metadata { { "authorization", $"Bearer {key}" } }, cancellationToken: cancellationToken);
    }

    public static Hello Hello(Guid agentId, uint protocolVersion = 1) => new()
    {
        AgentId = agentId.ToString(),
        AgentVersion = "test",
        ProtocolVersion = protocolVersion,
        Host = new HostFacts { HostName = "test-host", OperatingSystem = "Linux", ProcessorCount = 4, MemoryBytes = 8L << 30, DiskFreeBytes = 1L << 30, Gpus = { new Gpu { Name = "Test GPU" } } },
    };

    /// <summary>Writes one message; a gRPC stream takes one write at a time, and the heartbeats share it.</summary>
    public async Task SendAsync(AgentMessage message)
    {
        await writing.WaitAsync();
        try
        {
            await call.RequestStream.WriteAsync(message);
        }
        finally
        {
            writing.Release();
        }
    }

    /// <summary>Sends a heartbeat every <paramref name="period"/> until the stream is disposed, as a live agent does.</summary>
    public void KeepAlive(TimeSpan period) => heartbeats = Task.Run(async () =>
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(ending.Token))
            {
                await HeartbeatAsync();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or RpcException or ObjectDisposedException or InvalidOperationException)
        {
            // The stream ended or was aborted.
        }
    });

    /// <summary>The server's next message, or null when it ended the stream.</summary>
    public async Task<ServerMessage?> ReceiveAsync(CancellationToken cancellationToken) =>
        await call.ResponseStream.MoveNext(cancellationToken) ? call.ResponseStream.Current : null;

    /// <summary>What the heartbeats list as running (nothing unless a test says so).</summary>
    public Func<IEnumerable<RunningProcess>> Running { get; set; } = () => [];

    public Task HeartbeatAsync(int running = 0)
    {
        var heartbeat = new Heartbeat { Running = { Running() } };
        for (var i = 0; i < running; i++)
        {
            heartbeat.Running.Add(new RunningProcess { ProcessId = Guid.NewGuid().ToString(), Kind = "training", State = "running" });
        }

        return SendAsync(new AgentMessage { Heartbeat = heartbeat });
    }

    /// <summary>Breaks the stream as a killed agent would: no goodbye, the connection just goes.</summary>
    public void Abort()
    {
        ending.Cancel();
        call.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await ending.CancelAsync();
        call.Dispose();
        await heartbeats;
        channel.Dispose();
        ending.Dispose();
    }
}
