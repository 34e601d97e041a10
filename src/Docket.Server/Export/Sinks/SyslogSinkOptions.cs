using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Docket.Server.Export.Sinks;

/// <summary>
/// Settings of a syslog subscription: RFC 5424 messages over TCP (RFC 6587 octet counting), TLS over TCP
/// (RFC 5425 framing is the same octet counting) or UDP (RFC 5426, one message per datagram).
/// </summary>
public sealed class SyslogSinkOptions : IValidatableObject
{
    /// <summary>How messages travel. Only TCP and TLS notice a receiver that is down; UDP has no confirmation.</summary>
    public enum Transport
    {
        Tcp,
        Tls,
        Udp,
    }

    [Required]
    [MinLength(1)]
    public required string Host { get; init; }

    [Range(1, 65535)]
    public required int Port { get; init; }

    public Transport Protocol { get; init; } = Transport.Tcp;

    /// <summary>RFC 5424 facility code, 0 to 23; 16 is local0.</summary>
    [Range(0, 23)]
    public int Facility { get; init; } = 16;

    /// <summary>APP-NAME: printable US-ASCII, 48 characters at most.</summary>
    [Required]
    [RegularExpression("^[!-~]{1,48}$", ErrorMessage = "The field AppName must be 1 to 48 printable US-ASCII characters without spaces.")]
    public string AppName { get; init; } = "docket";

    /// <summary>The name the server's certificate must carry; <see cref="Host"/> when not set.</summary>
    public string? TlsServerName { get; init; }

    /// <summary>
    /// The CA certificate(s) that issued the server's certificate, as PEM text (<c>-----BEGIN CERTIFICATE-----</c>...),
    /// trusted for this subscription only; at most <see cref="MaxCaCertificateChars"/> characters. When not set, the
    /// machine's trust store decides. Content, not a path: a subscription never names a file on the server's disk.
    /// </summary>
    public string? TlsCaCertificate { get; init; }

    public const int MaxCaCertificateChars = 64 * 1024;

    /// <summary>TCP connect plus TLS handshake.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Writing one batch; a receiver that stops reading for longer is treated as gone and the connection dropped.</summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// UDP only: the largest datagram sent. A longer message is cut to fit (at a UTF-8 character boundary) and
    /// carries <c>truncated="&lt;full MSG bytes&gt;"</c> in its structured data; the full event stays in the journal.
    /// </summary>
    [Range(480, 65000)]
    public int MaxDatagramBytes { get; init; } = 8192;

    /// <summary>
    /// Starts MSG with the UTF-8 byte order mark, as RFC 5424 (section 6.4) asks of UTF-8 messages. Turn it off
    /// for a receiver whose JSON extraction trips over the three bytes before the envelope.
    /// </summary>
    public bool Utf8Bom { get; init; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ConnectTimeout <= TimeSpan.Zero || SendTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("ConnectTimeout and SendTimeout must be positive.", [nameof(ConnectTimeout), nameof(SendTimeout)]);
        }

        if (Protocol != Transport.Tls && (TlsServerName is not null || TlsCaCertificate is not null))
        {
            yield return new ValidationResult("TlsServerName and TlsCaCertificate apply to the Tls protocol only.", [nameof(Protocol)]);
        }

        if (TlsCaCertificate is not null && CheckCaCertificate(TlsCaCertificate) is { } problem)
        {
            yield return new ValidationResult(problem, [nameof(TlsCaCertificate)]);
        }
    }

    /// <summary>The certificates of <see cref="TlsCaCertificate"/>; throws <see cref="CryptographicException"/> when it holds none.</summary>
    public X509Certificate2Collection LoadCaCertificates()
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPem(TlsCaCertificate ?? "");
        return authorities.Count > 0 ? authorities : throw new CryptographicException("TlsCaCertificate holds no PEM certificate.");
    }

    private string? CheckCaCertificate(string pem)
    {
        if (pem.Length > MaxCaCertificateChars)
        {
            return $"TlsCaCertificate must be at most 64 KiB of PEM text.";
        }

        try
        {
            foreach (var certificate in LoadCaCertificates())
            {
                certificate.Dispose();
            }

            return null;
        }
        catch (CryptographicException)
        {
            return "TlsCaCertificate must be one or more PEM certificates (-----BEGIN CERTIFICATE-----...).";
        }
    }
}
