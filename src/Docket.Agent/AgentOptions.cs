using System.ComponentModel.DataAnnotations;

namespace Docket.Agent;

/// <summary>The <c>Agent</c> section: where the server is and who this agent is. Validated on start.</summary>
public sealed class AgentOptions : IValidatableObject
{
    public const string Section = "Agent";

    /// <summary>The server's address: https across machines; plain http only to a loopback AgentStream endpoint.</summary>
    [Required]
    public Uri? Server { get; set; }

    /// <summary>The agent's id on the server (shown when it was created); required unless <see cref="CredentialsFile"/> gives it.</summary>
    public Guid? Id { get; set; }

    /// <summary>The agent's key, shown once when it was created; required unless <see cref="CredentialsFile"/> gives it.</summary>
    public string? Key { get; set; }

    /// <summary>
    /// A JSON file with the agent's id and key (<c>{"id": ..., "key": ...}</c>), read again before each attempt to
    /// connect: the server writes it for its local agent (Agents:Local) with a fresh key at every start.
    /// </summary>
    public string? CredentialsFile { get; set; }

    /// <summary>Where the agent keeps its work; its free space is reported to the server.</summary>
    public string WorkDirectory { get; set; } = "work";

    /// <summary>
    /// The most the work folder may hold, in bytes: a download or an unzip that would pass it is refused before it
    /// starts (or stopped as soon as it would), so a run cannot fill the machine's disk. 50 GiB unless set.
    /// </summary>
    [Range(1L, long.MaxValue)]
    public long WorkDiskBudget { get; set; } = 50L * 1024 * 1024 * 1024;

    /// <summary>How long an engine has after SIGTERM (a stop, a timeout) before SIGKILL (docs/engine-contract.md, "Stopping").</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan EngineGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between two attempts to connect.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A PEM file of the private CA (or CAs) that issued the server's certificate: the server's certificate must then
    /// chain to it, instead of to the machine's CA store. For https only.
    /// </summary>
    public string? CertificateAuthority { get; set; }

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
            yield return new ValidationResult(
                $"Agent:Server is plain http to {plain.Host}, which is not this machine: across machines the agent dials https (plain HTTP/2 "
                + "would carry its key in the clear). Use the server's https address, with Agent:CertificateAuthority for a private CA.", [nameof(Server)]);
        }

        if (CertificateAuthority is { Length: > 0 } authority)
        {
            if (Server is { Scheme: "http" })
            {
                yield return new ValidationResult("Agent:CertificateAuthority is for an https server; Agent:Server is plain http.", [nameof(CertificateAuthority)]);
            }

            string? unreadable = null;
            try
            {
                foreach (var certificate in ServerTrust.ReadAuthorities(authority))
                {
                    certificate.Dispose();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                unreadable = e.Message;
            }

            if (unreadable is not null)
            {
                yield return new ValidationResult($"Agent:CertificateAuthority '{authority}' cannot be read as PEM certificates: {unreadable}", [nameof(CertificateAuthority)]);
            }
        }

        if (CredentialsFile is null && Id is null)
        {
            yield return new ValidationResult("Agent:Id is required (or Agent:CredentialsFile, a file that holds it).", [nameof(Id)]);
        }

        if (CredentialsFile is null && Key is null)
        {
            yield return new ValidationResult("Agent:Key is required (or Agent:CredentialsFile, a file that holds it).", [nameof(Key)]);
        }

        if (Key is { } key && !key.StartsWith("dkk_", StringComparison.Ordinal))
        {
            yield return new ValidationResult("Agent:Key must be the agent's key as the server showed it (dkk_...).", [nameof(Key)]);
        }
    }
}
