namespace Docket.Server.Features.Agents;

/// <summary>One agent stream on this replica, with the token that ends it from the server's side.</summary>
public sealed class AgentConnection(Guid agentId, Guid id, CancellationTokenSource ending) : IDisposable
{
    public Guid AgentId { get; } = agentId;
    public Guid Id { get; } = id;
    public CancellationToken Ending => ending.Token;
    public AgentEnd? Reason { get; private set; }

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

    public void Dispose() => ending.Dispose();
}
