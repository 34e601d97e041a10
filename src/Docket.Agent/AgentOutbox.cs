using System.Threading.Channels;
using Docket.Agent.Protocol.V1;

namespace Docket.Agent;

/// <summary>
/// What the agent has to tell the server outside of command answers (launch steps, metrics, the ends of processes),
/// kept while no stream is open. The stream takes a message off only after it was written, so a message whose write
/// broke the stream is sent again on the next one: at least once, in order. The server must therefore take a
/// repeated event or end of the same operation as one.
/// </summary>
public sealed class AgentOutbox
{
    /// <summary>Far more than a run reports while the stream is down; past it the writer waits (the engine's own buffer drops then, not this).</summary>
    private const int Capacity = 100_000;

    private readonly Channel<AgentMessage> messages = Channel.CreateBounded<AgentMessage>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public ValueTask PostAsync(AgentMessage message, CancellationToken cancellationToken) => messages.Writer.WriteAsync(message, cancellationToken);

    /// <summary>Sends every message as it comes with <paramref name="write"/> until cancelled or a write throws.</summary>
    public async Task PumpAsync(Func<AgentMessage, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        while (await messages.Reader.WaitToReadAsync(cancellationToken))
        {
            while (messages.Reader.TryPeek(out var message))
            {
                await write(message, cancellationToken);
                messages.Reader.TryRead(out _);
            }
        }
    }
}
