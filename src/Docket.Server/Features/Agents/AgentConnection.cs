using Docket.Agent.Protocol.V1;
using Grpc.Core;

namespace Docket.Server.Features.Agents;

/// <summary>
/// One agent stream on this replica, with the token that ends it from the server's side. The hub and the command
/// dispatcher both write to it; a gRPC stream takes one write at a time, so writes go through <see cref="SendAsync"/>.
/// </summary>
public sealed class AgentConnection(Guid agentId, Guid id, IServerStreamWriter<ServerMessage> stream, CancellationTokenSource ending) : IDisposable
{
    private readonly SemaphoreSlim writing = new(1, 1);

    public Guid AgentId { get; } = agentId;
    public Guid Id { get; } = id;
    public CancellationToken Ending => ending.Token;
    public AgentEnd? Reason { get; private set; }

    /// <summary>Writes one message to the agent, after any write in progress.</summary>
    public async Task SendAsync(ServerMessage message, CancellationToken cancellationToken)
    {
        await writing.WaitAsync(cancellationToken);
        try
        {
            await stream.WriteAsync(message, cancellationToken);
        }
        finally
        {
            writing.Release();
        }
    }

    internal void End(AgentEnd reason)
    {
        Reason ??= reason;
        try
        {
            ending.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Closed meanwhile: nothing left to end.
        }
    }

    public void Dispose()
    {
        ending.Dispose();
        writing.Dispose();
    }
}
