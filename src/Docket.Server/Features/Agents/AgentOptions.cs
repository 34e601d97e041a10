using System.ComponentModel.DataAnnotations;

namespace Docket.Server.Features.Agents;

/// <summary>The <c>Agents</c> section.</summary>
public sealed class AgentOptions
{
    public const string Section = "Agents";

    /// <summary>How often agents send a heartbeat; an agent silent for two periods is Disconnected.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(10);
}
