using System.ComponentModel.DataAnnotations;

namespace Docket.Server.Export.Sinks;

/// <summary>Settings of a webhook subscription: where batches are POSTed and the secret that signs them (docs/export-webhook.md).</summary>
public sealed class WebhookSinkOptions : IValidatableObject
{
    /// <summary>HTTPS; plain HTTP only to a loopback address or with <see cref="AllowInsecureHttp"/>. Shown by the API, so no secrets in it.</summary>
    [Required]
    public required Uri Url { get; init; }

    /// <summary>The HMAC-SHA256 key shared with the receiver; at least 16 characters. Shown as <c>"***"</c>, never logged.</summary>
    [Required]
    [MinLength(16)]
    public required string Secret { get; init; }

    /// <summary>The whole request, connecting included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Allows <c>http://</c> to a host other than loopback: the events and their signature travel in clear.</summary>
    public bool AllowInsecureHttp { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttps && Url.Scheme != Uri.UriSchemeHttp))
        {
            yield return new ValidationResult("Url must be an absolute https:// address.", [nameof(Url)]);
        }
        else if (Url.Scheme == Uri.UriSchemeHttp && !Url.IsLoopback && !AllowInsecureHttp)
        {
            yield return new ValidationResult("Url must use https:// (plain http:// is allowed to loopback only, or with AllowInsecureHttp).", [nameof(Url)]);
        }

        if (Url.IsAbsoluteUri && !string.IsNullOrEmpty(Url.UserInfo))
        {
            yield return new ValidationResult("Url must not carry a user name or password.", [nameof(Url)]);
        }

        if (Timeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Timeout must be positive.", [nameof(Timeout)]);
        }
    }
}
