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

    public Task SendAsync(AgentMessage message) => call.RequestStream.WriteAsync(message);

    /// <summary>The server's next message, or null when it ended the stream.</summary>
    public async Task<ServerMessage?> ReceiveAsync(CancellationToken cancellationToken) =>
        await call.ResponseStream.MoveNext(cancellationToken) ? call.ResponseStream.Current : null;

    public Task HeartbeatAsync(int running = 0)
    {
        var heartbeat = new Heartbeat();
        for (var i = 0; i < running; i++)
        {
            heartbeat.Running.Add(new RunningProcess { ProcessId = Guid.NewGuid().ToString(), Kind = "training", State = "running" });
        }

        return SendAsync(new AgentMessage { Heartbeat = heartbeat });
    }

    /// <summary>Breaks the stream as a killed agent would: no goodbye, the connection just goes.</summary>
    public void Abort() => call.Dispose();

    public async ValueTask DisposeAsync()
    {
        call.Dispose();
        await Task.CompletedTask;
        channel.Dispose();
    }
}
