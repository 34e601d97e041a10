using System.ComponentModel.DataAnnotations;

namespace Docket.Server.Features.Agents;

/// <summary>The <c>Agents</c> section.</summary>
public sealed class AgentOptions
{
    public const string Section = "Agents";

    /// <summary>How often agents send a heartbeat; an agent silent for two periods is Disconnected.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often a replica that holds agent streams looks for commands queued on other replicas (a command queued on
    /// the replica that holds the stream goes at once); also how often a caller waiting for an answer that may arrive
    /// on another replica reads it again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan CommandPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long answered and expired commands are kept (for operators who read the table) before they are removed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan CommandRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a token to download one file (a dataset, a model) stays valid once issued. Checked when each request
    /// starts, so a download under way is not cut; a resume after it needs a new token.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan TransferTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a start or a stop waits for the agent's answer before the caller is told it was sent unanswered.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan LaunchAnswerTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most bytes a run's output (a model package, a test run's predictions) may have when the agent uploads it.</summary>
    [Range(1, long.MaxValue)]
    public long MaxOutputBytes { get; set; } = 8L * 1024 * 1024 * 1024;

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
