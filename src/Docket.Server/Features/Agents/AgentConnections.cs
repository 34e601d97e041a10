using System.Collections.Concurrent;
using Docket.Agent.Protocol.V1;
using Grpc.Core;

namespace Docket.Server.Features.Agents;

/// <summary>
/// The agent streams this replica holds, by agent id. A disabled or removed agent's stream is ended here at once; a
/// stream on another replica ends at its next heartbeat, which finds the agent no longer enabled.
/// </summary>
public sealed class AgentConnections
{
    private readonly ConcurrentDictionary<Guid, AgentConnection> open = new();

    /// <summary>Registers a stream; an older stream of the same agent (a reconnect the server has not noticed) is ended.</summary>
    public AgentConnection Open(Guid agentId, IServerStreamWriter<ServerMessage> stream, CancellationToken streamAborted)
    {
        var connection = new AgentConnection(agentId, Guid.NewGuid(), stream, CancellationTokenSource.CreateLinkedTokenSource(streamAborted));
        open.AddOrUpdate(agentId, connection, (_, older) =>
        {
            older.End(AgentEnd.Replaced);
            return connection;
        });
        return connection;
    }

    public void Close(AgentConnection connection)
    {
        open.TryRemove(new KeyValuePair<Guid, AgentConnection>(connection.AgentId, connection));
        connection.Dispose();
    }

    /// <summary>Ends the agent's stream on this replica, if it has one here.</summary>
    public void End(Guid agentId, AgentEnd reason)
    {
        if (open.TryGetValue(agentId, out var connection))
        {
            connection.End(reason);
        }
    }

    public bool IsOpen(Guid agentId) => open.ContainsKey(agentId);

    /// <summary>The streams this replica holds now, for the command dispatcher.</summary>
    public IReadOnlyCollection<AgentConnection> All() => [.. open.Values];

    /// <summary>The agent's stream on this replica, if it has one here.</summary>
    public AgentConnection? Find(Guid agentId) => open.TryGetValue(agentId, out var connection) ? connection : null;
}
