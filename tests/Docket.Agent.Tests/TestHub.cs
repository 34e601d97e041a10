using System.Threading.Channels;
using Docket.Agent.Protocol.V1;
using Grpc.Core;

namespace Docket.Agent.Tests;

/// <summary>
/// The server's side of the agent stream as a test needs it: it welcomes every hello, records every message the agent
/// sends, and writes the commands the test queues to the agent's current stream.
/// </summary>
public sealed class TestHub : AgentHub.AgentHubBase
{
    private readonly List<AgentMessage> received = [];
    private readonly Lock gate = new();
    private Channel<ServerMessage> commands = Channel.CreateUnbounded<ServerMessage>();

    /// <summary>Everything the agent sent so far, hellos included, in order.</summary>
    public IReadOnlyList<AgentMessage> Received
    {
        get
        {
            lock (gate)
            {
                return [.. received];
            }
        }
    }

    public override async Task Connect(IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<ServerMessage> responseStream, ServerCallContext context)
    {
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.KindCase != AgentMessage.KindOneofCase.Hello)
        {
            return;
        }

        Channel<ServerMessage> mine;
        lock (gate)
        {
            received.Add(requestStream.Current);
            // A new stream takes the commands from here on; one that was queued for a dead stream goes with it.
            commands = mine = Channel.CreateUnbounded<ServerMessage>();
        }

        await responseStream.WriteAsync(new ServerMessage { Welcome = new Welcome { ServerVersion = "test", HeartbeatPeriodSeconds = 1, ProtocolVersion = 1 } });
        var writing = Task.Run(async () =>
        {
            await foreach (var message in mine.Reader.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(message, context.CancellationToken);
            }
        }, context.CancellationToken);

        try
        {
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                lock (gate)
                {
                    received.Add(requestStream.Current);
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or RpcException)
        {
            // The agent was killed: its stream ends with it.
        }
        finally
        {
            mine.Writer.TryComplete();
        }

        try
        {
            await writing;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
        }
    }

    /// <summary>Refuses the agent on its current stream, as the server does when a person disables it.</summary>
    public void Refuse(RefusalReason reason, string detail)
    {
        lock (gate)
        {
            commands.Writer.TryWrite(new ServerMessage { Refusal = new Refusal { Reason = reason, Detail = detail } });
        }
    }

    /// <summary>Sends a command on the agent's current stream.</summary>
    public void Send(Command command)
    {
        lock (gate)
        {
            commands.Writer.TryWrite(new ServerMessage { Command = command });
        }
    }
}
