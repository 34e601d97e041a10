namespace Docket.Server.Features.Agents.Launches;

/// <summary>
/// One launch of a process on an agent (<c>agent_launches</c>): what the agents area needs to check and route what
/// the agent reports about it. The process areas keep their own state; this row is the agents area's.
/// </summary>
public sealed class AgentLaunch
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid AgentId { get; set; }
    public LaunchKind Kind { get; set; }

    /// <summary>The process area's id of the process (a test run's own id for a test run).</summary>
    public Guid ProcessId { get; set; }

    /// <summary>The operation key of the request that started it: the agent reports under it.</summary>
    public string OperationKey { get; set; } = "";

    /// <summary>The hash of the token the agent sends with its uploads (valid until the launch ends).</summary>
    public string UploadSecretHash { get; set; } = "";

    /// <summary>Who started it (from the start's operation): the agent's reports are recorded in their name.</summary>
    public Guid? StartedBy { get; set; }

    public string? StartedByLogin { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>When the agent accepted the start; null until then.</summary>
    public DateTime? AcceptedAt { get; set; }

    /// <summary>The last time the agent listed it as running (hello or heartbeat): the reconcile's clock.</summary>
    public DateTime? LastListedAt { get; set; }

    public DateTime? EndedAt { get; set; }
    public LaunchOutcome? Outcome { get; set; }
}
