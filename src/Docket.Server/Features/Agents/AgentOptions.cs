using System.ComponentModel.DataAnnotations;

namespace Docket.Server.Features.Agents;

/// <summary>The <c>Agents</c> section.</summary>
public sealed class AgentOptions
{
    public const string Section = "Agents";

    /// <summary>How often agents send a heartbeat; an agent silent for two periods is Disconnected.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the agents' log lines are kept (by when the server received them); zero keeps them.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan LogRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>An agent unreachable (Disconnected or Unknown) longer than this is disabled (405); zero never disables one.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan AutoDisableUnavailablePeriod { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Makes the agent of this host in the default tenant at start, with a fresh key written to
    /// <c>&lt;data&gt;/local-agent.json</c> for the local agent that scripts/run.sh starts beside the server.
    /// </summary>
    public bool Local { get; set; }
}
