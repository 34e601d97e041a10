using Docket.Contracts.Agents;

namespace Docket.Server.Features.Agents;

/// <summary>The agent contract made from the stored agent: the contracts assembly cannot know the entity.</summary>
public static class AgentResponses
{
    extension(AgentResponse)
    {
        public static AgentResponse From(Agent a, DateTime now, TimeSpan period) =>
            new(a.Id, a.TenantId, a.Name, a.Description, a.IsEnabled, StateOf(a, now, period), a.LastSeenAt, a.AgentVersion,
                a.HostName is null ? null : new AgentHostResponse(a.HostName, a.OperatingSystem ?? "", a.ProcessorCount, a.MemoryBytes,
                    a.DiskFreeBytes, a.Gpus is null ? [] : a.Gpus.Split('\n')),
                a.RunningProcesses, a.CreatedAt, a.UpdatedAt, Common.ETags.From(a.ConcurrencyStamp));
    }

    /// <summary>
    /// The state is read, not stored: a stream's close clears its connection, and a replica that died with its streams
    /// leaves heartbeats that grow old, so every replica computes the same state from the row without a watchdog.
    /// </summary>
    public static AgentState StateOf(Agent a, DateTime now, TimeSpan period) =>
        a.LastSeenAt is not { } seen ? AgentState.Unknown
        : a.ConnectionId is null || now - seen > 2 * period ? AgentState.Disconnected
        : a.RunningProcesses > 0 ? AgentState.Busy
        : AgentState.Available;
}
