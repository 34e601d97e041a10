namespace Docket.Server.Features.Agents;

/// <summary>
/// A machine that runs processes (catalog group 400). It dials the server with its own key; what it said of its machine
/// and when it was last heard from are kept here, so that every replica reads the same state.
/// </summary>
public sealed class Agent
{
    public required Guid Id { get; init; }
    public required Guid TenantId { get; init; }
    public required string Name { get; set; }
    public required string NormalizedName { get; set; }
    public string? Description { get; set; }
    public bool IsEnabled { get; set; } = true;

    /// <summary>The agent's key (an API key of the ApiKeys area); null once its maker's account, and so the key, is gone.</summary>
    public Guid? ApiKeyId { get; set; }

    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; set; }
    public Guid? CreatedBy { get; init; }

    /// <summary>The open stream, set by the replica that holds it; only that stream clears it, so a late close of an
    /// older stream does not mark a reconnected agent disconnected.</summary>
    public Guid? ConnectionId { get; set; }

    /// <summary>The last hello or heartbeat.</summary>
    public DateTime? LastSeenAt { get; set; }
    public int RunningProcesses { get; set; }
    public string? AgentVersion { get; set; }
    public string? HostName { get; set; }
    public string? OperatingSystem { get; set; }
    public int ProcessorCount { get; set; }
    public long MemoryBytes { get; set; }
    public long DiskFreeBytes { get; set; }

    /// <summary>One GPU per line, as the agent named them.</summary>
    public string? Gpus { get; set; }

    /// <summary>Changes on every update by a person; served as the ETag (If-Match). Heartbeats leave it alone.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}
