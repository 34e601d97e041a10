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
    /// How long a token to download one file (a dataset, a model) stays valid once issued. Checked when each request
    /// starts, so a download under way is not cut; a resume after it needs a new token.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan TransferTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
}
