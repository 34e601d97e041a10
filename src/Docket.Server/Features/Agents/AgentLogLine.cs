using Docket.Contracts.Agents;

namespace Docket.Server.Features.Agents;

/// <summary>
/// One line of an agent's own log (catalog group 19000 records the batches, not the lines). The id is the order of
/// arrival and the lists' cursor; <see cref="ReceivedAt"/> is the server's clock, which retention goes by, so that an
/// agent with a wrong clock cannot keep its lines forever nor lose them at once.
/// </summary>
public sealed class AgentLogLine
{
    public long Id { get; init; }
    public required Guid AgentId { get; init; }
    public Guid? ProcessId { get; init; }
    public required AgentLogLevel Level { get; init; }

    /// <summary>When the agent wrote the line, by its own clock.</summary>
    public required DateTime Time { get; init; }
    public required string Message { get; init; }
    public required DateTime ReceivedAt { get; init; }
}
