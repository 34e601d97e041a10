using System.ComponentModel.DataAnnotations;

namespace Docket.Server.Export.Sinks;

/// <summary>Settings of a Splunk HTTP Event Collector subscription: where the collector is, its token and the event metadata.</summary>
public sealed class SplunkHecSinkOptions : IValidatableObject
{
    /// <summary>
    /// The collector's base address (<c>https://splunk:8088</c>); the sink appends <c>services/collector/...</c>.
    /// Shown by the API, so no secrets in it (the token goes in <see cref="Token"/>).
    /// </summary>
    [Required]
    public required Uri Url { get; init; }

    /// <summary>The HEC token, sent as <c>Authorization: Splunk &lt;token&gt;</c>. Shown as <c>"***"</c>, never logged, never in an error.</summary>
    [Required]
    [MinLength(1)]
    public required string Token { get; init; }

    /// <summary>The index to write to; null leaves it to the token's default index. Must be in the token's allowed indexes.</summary>
    // Splunk's rule for index names: lower-case letters, digits, '_' and '-', not starting with '_' or '-'.
    [RegularExpression("^[a-z0-9][a-z0-9_-]*$", ErrorMessage = "Index must be a Splunk index name: lower-case letters, digits, '_' and '-', starting with a letter or digit.")]
    public string? Index { get; init; }

    [Required]
    [MinLength(1)]
    public string Source { get; init; } = "docket";

    [Required]
    [MinLength(1)]
    public string SourceType { get; init; } = "docket:journal";

    /// <summary>The <c>host</c> of every event; null uses the node id of the server that recorded it.</summary>
    public string? Host { get; init; }

    /// <summary>
    /// Waits for indexer acknowledgement (the token must have it on): a batch counts as delivered only once Splunk
    /// says it is indexed, not merely received.
    /// </summary>
    public bool UseAck { get; init; }

    /// <summary>Compresses request bodies (<c>Content-Encoding: gzip</c>); journal JSON shrinks about tenfold.</summary>
    public bool Gzip { get; init; } = true;

    /// <summary>The request channel (a GUID); null gives each sink instance a new one. Acks are counted per channel.</summary>
    public Guid? Channel { get; init; }

    /// <summary>One HTTP request, connecting included (the batch, each ack poll, the health check).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for the indexer acknowledgement of a batch before asking for a retry.</summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan AckPollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Allows <c>http://</c> to a host other than loopback: the token and the events travel in clear.</summary>
    public bool AllowInsecureHttp { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttps && Url.Scheme != Uri.UriSchemeHttp))
        {
            yield return new ValidationResult("Url must be an absolute https:// address.", [nameof(Url)]);
            yield break;
        }

        if (Url.Scheme == Uri.UriSchemeHttp && !Url.IsLoopback && !AllowInsecureHttp)
        {
            yield return new ValidationResult("Url must use https:// (plain http:// is allowed to loopback only, or with AllowInsecureHttp).", [nameof(Url)]);
        }

        // A user name, a query or a fragment could carry the token into places that show the Url.
        if (!string.IsNullOrEmpty(Url.UserInfo) || !string.IsNullOrEmpty(Url.Query) || !string.IsNullOrEmpty(Url.Fragment))
        {
            yield return new ValidationResult("Url must be the collector's base address, without user name, query or fragment.", [nameof(Url)]);
        }

        if (Url.AbsolutePath.Contains("/services/collector", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult("Url is the collector's base address (https://splunk:8088), without /services/collector.", [nameof(Url)]);
        }

        foreach (var (name, value) in new[] { (nameof(RequestTimeout), RequestTimeout), (nameof(AckTimeout), AckTimeout), (nameof(AckPollInterval), AckPollInterval) })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"{name} must be positive.", [name]);
            }
        }

        if (Channel == Guid.Empty)
        {
            yield return new ValidationResult("Channel must be a GUID other than the empty one.", [nameof(Channel)]);
        }
    }
}
