using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Docket.Server.Export.Sinks;

/// <summary>
/// POSTs a batch as <c>{"events":[envelope,...]}</c>, signed Stripe-style so the receiver can check where it
/// came from and refuse replays: <c>Docket-Signature: t=unix seconds,v1=hex HMAC-SHA256(secret, "t." + body)</c>.
/// 2xx is delivered; 408, 429, 5xx and network trouble are worth a retry; any other answer is permanent.
/// Redirects are not followed (a signed batch goes only where it was configured to go), only addresses
/// <see cref="ExportDestinations"/> allows are dialled, and the error an operator reads gives the status and its
/// standard reason only: never the receiver's body or reason phrase, which could be any page the URL points at.
/// </summary>
public sealed partial class WebhookSink : IExportSink
{
    public const string SignatureHeader = "Docket-Signature";
    public const string DeliveryHeader = "Docket-Delivery";
    public const string BatchHeader = "Docket-Batch";

    private static readonly byte[] Opening = "{\"events\":["u8.ToArray();
    private static readonly byte[] Closing = "]}"u8.ToArray();

    private readonly WebhookSinkOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<WebhookSink> logger;
    private readonly HttpClient http;

    public WebhookSink(WebhookSinkOptions options, ExportDestinations destinations, TimeProvider time, ILogger<WebhookSink> logger)
    {
        this.options = options;
        this.time = time;
        this.logger = logger;
        http = new HttpClient(destinations.CreateHandler(options.Timeout))
        {
            Timeout = options.Timeout,
        };
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Docket", "1.0"));
    }

    public async Task<SinkResult> SendAsync(ExportBatch batch, CancellationToken cancellationToken)
    {
        var body = Body(batch);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var delivery = Guid.NewGuid();
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(SignatureHeader, "t=" + timestamp.ToString(CultureInfo.InvariantCulture) + ",v1=" + Sign(options.Secret, timestamp, body));
        request.Headers.Add(DeliveryHeader, delivery.ToString());
        request.Headers.Add(BatchHeader, batch.FirstSequence.ToString(CultureInfo.InvariantCulture) + "-" + batch.LastSequence.ToString(CultureInfo.InvariantCulture));

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            LogAnswered(logger, delivery, batch.FirstSequence, batch.LastSequence, status);
            if (response.IsSuccessStatusCode)
            {
                return SinkResult.Delivered;
            }

            var reason = ReasonPhrases.GetReasonPhrase(status);
            var error = $"webhook {Receiver}: HTTP {status}{(reason.Length > 0 ? " " + reason : "")}.";
            return status is 408 or 429 or >= 500 ? SinkResult.Retryable(error, status) : SinkResult.Permanent(error, status);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SinkResult.Retryable($"webhook {Receiver}: no answer within {options.Timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException exception) when (exception.InnerException is DestinationRefusedException refused)
        {
            return SinkResult.Permanent($"webhook {Receiver}: {refused.Message}");
        }
        catch (HttpRequestException exception)
        {
            var error = $"webhook {Receiver}: {HttpFailure.Describe(exception)}";
            // A certificate that our trust store or the receiver's name rejects does not fix itself; a reset handshake may.
            return exception.HttpRequestError == HttpRequestError.SecureConnectionError && exception.InnerException is AuthenticationException
                ? SinkResult.Permanent(error)
                : SinkResult.Retryable(error);
        }
    }

    public ValueTask DisposeAsync()
    {
        http.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Lower-case hex of HMAC-SHA256 keyed by the secret's UTF-8 bytes over <c>"{timestamp}."</c> and the raw body.</summary>
    internal static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "."));
        hmac.AppendData(body);
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    /// <summary>The envelopes are already JSON: they go in as they are, comma-separated.</summary>
    private static byte[] Body(ExportBatch batch)
    {
        var body = new ArrayBufferWriter<byte>(batch.Items.Sum(i => i.Utf8Json.Length + 1) + Opening.Length + Closing.Length);
        body.Write(Opening);
        for (var i = 0; i < batch.Items.Count; i++)
        {
            if (i > 0)
            {
                body.Write(","u8);
            }

            body.Write(batch.Items[i].Utf8Json.Span);
        }

        body.Write(Closing);
        return body.WrittenSpan.ToArray();
    }

    /// <summary>Scheme, host and port only: a path or query may carry a receiver's token.</summary>
    private string Receiver => $"{options.Url.Scheme}://{options.Url.Authority}";

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook delivery {Delivery} of events {First}-{Last}: HTTP {Status}")]
    private static partial void LogAnswered(ILogger logger, Guid delivery, long first, long last, int status);
}
