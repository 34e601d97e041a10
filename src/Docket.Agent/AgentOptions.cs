using System.ComponentModel.DataAnnotations;

namespace Docket.Agent;

/// <summary>The <c>Agent</c> section: where the server is and who this agent is. Validated on start.</summary>
public sealed class AgentOptions : IValidatableObject
{
    public const string Section = "Agent";

    /// <summary>The server's address: https across machines; plain http only to a loopback AgentStream endpoint.</summary>
    [Required]
    public Uri? Server { get; set; }

    /// <summary>The agent's id on the server (shown when it was created).</summary>
    [Required]
    public Guid? Id { get; set; }

    /// <summary>The agent's key, shown once when it was created.</summary>
    [Required]
    public string? Key { get; set; }

    /// <summary>Where the agent keeps its work; its free space is reported to the server.</summary>
    public string WorkDirectory { get; set; } = "work";

    /// <summary>The longest wait between two attempts to connect.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many log lines wait for the server at most; beyond it the oldest are dropped, and counted.</summary>
    [Range(100, 1_000_000)]
    public int LogQueueLines { get; set; } = 10_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Server is { } server && (!server.IsAbsoluteUri || (server.Scheme != Uri.UriSchemeHttps && server.Scheme != Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult("Agent:Server must be an absolute http or https address.", [nameof(Server)]);
        }
        else if (Server is { Scheme: "http" } plain && !plain.IsLoopback)
        {
            // Plain HTTP/2 would carry the key in the clear; the server refuses it too.
            yield return new ValidationResult("Agent:Server must be https unless it is on this machine (loopback).", [nameof(Server)]);
        }

        if (Key is { } key && !key.StartsWith("dkk_", StringComparison.Ordinal))
        {
            yield return new ValidationResult("Agent:Key must be the agent's key as the server showed it (dkk_...).", [nameof(Key)]);
        }
    }
}
