using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Docket.Server.Export.Sinks;

/// <summary>
/// Sends a batch to Splunk's HTTP Event Collector as one POST to <c>/services/collector/event</c>: HEC event objects,
/// one per journal record, concatenated (newline-separated), each with the envelope as its <c>event</c> (JSON, not a
/// string) and code, name, class and sequence as indexed <c>fields</c>. The channel header goes with every request,
/// so a token with indexer acknowledgement works; with <see cref="SplunkHecSinkOptions.UseAck"/> a batch is
/// delivered only once <c>/services/collector/ack</c> says it is indexed. 408, 429, 5xx (busy, queues full) and
/// network trouble are worth a retry; any other refusal (token, index, channel, data format) is permanent, since
/// the same bytes would be refused again. The error an operator reads gives the status, HEC's code and that code's
/// documented text from <see cref="HecCodes"/>: never the answer's own text or reason phrase, which could be any page
/// the URL points at. The caller owns <paramref name="http"/> (built on <see cref="ExportDestinations.CreateHandler"/>).
/// </summary>
public sealed partial class SplunkHecSink(SplunkHecSinkOptions options, HttpClient http, TimeProvider time, ILogger<SplunkHecSink> logger) : IExportSink
{
    public const string ChannelHeader = "X-Splunk-Request-Channel";
    public const string EventPath = "services/collector/event";
    public const string AckPath = "services/collector/ack";
    public const string HealthPath = "services/collector/health";

    /// <summary>HEC answers are a few dozen bytes; a proxy's error page is not worth reading further.</summary>
    private const int MaxReplyRead = 16 * 1024;

    /// <summary>HEC's own framing around each envelope (metadata and fields), to size the buffer once.</summary>
    private const int FramingEstimate = 256;

    private static readonly MediaTypeHeaderValue JsonType = new("application/json") { CharSet = "utf-8" };

    private readonly Uri eventUri = Endpoint(options.Url, EventPath);
    private readonly Uri ackUri = Endpoint(options.Url, AckPath);
    private readonly Uri healthUri = Endpoint(options.Url, HealthPath);

    // The sink's own values, escaped once rather than once per event.
    private readonly JsonEncodedText? hostName = options.Host is { } host ? JsonEncodedText.Encode(host) : null;
    private readonly JsonEncodedText sourceName = JsonEncodedText.Encode(options.Source);
    private readonly JsonEncodedText sourceTypeName = JsonEncodedText.Encode(options.SourceType);
    private readonly JsonEncodedText? indexName = options.Index is { } index ? JsonEncodedText.Encode(index) : null;

    /// <summary>The request channel of this sink: the configured one, or a new one per instance.</summary>
    public Guid Channel { get; } = options.Channel ?? Guid.NewGuid();

    public async Task<SinkResult> SendAsync(ExportBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Items.Count == 0)
        {
            // HEC refuses an empty body (code 5); there is nothing to confirm either.
            return SinkResult.Delivered;
        }

        using var json = new PooledBuffer(EstimateSize(batch));
        if (WriteEvents(batch, json) is { } invalid)
        {
            return SinkResult.Permanent(invalid);
        }

        using var compressed = options.Gzip ? Gzip(json.Written.Span) : null;
        var body = compressed ?? json;

        using var request = new HttpRequestMessage(HttpMethod.Post, eventUri) { Content = new ReadOnlyMemoryContent(body.Written) };
        request.Content.Headers.ContentType = JsonType;
        if (options.Gzip)
        {
            request.Content.Headers.ContentEncoding.Add("gzip");
        }

        var answer = await ExchangeAsync(request, cancellationToken);
        if (answer.Failure is { } failure)
        {
            return answer.Refused ? SinkResult.Permanent(failure) : SinkResult.Retryable(failure);
        }

        LogAnswered(logger, batch.FirstSequence, batch.LastSequence, batch.Items.Count, body.Written.Length, answer.Status, answer.Reply.Code);
        if (!IsSuccess(answer.Status))
        {
            var error = ErrorText(answer, batch);
            return IsRetryable(answer.Status, answer.Reply.Code) ? SinkResult.Retryable(error, answer.Status) : SinkResult.Permanent(error, answer.Status);
        }

        if (!IsAccepted(answer.Reply.Code))
        {
            // A 2xx that is not HEC's success: a proxy's page or a code this sink does not know; never assume delivery.
            return SinkResult.Permanent($"{ErrorText(answer, batch).TrimEnd('.')} (not HEC's success answer: check Url).", answer.Status);
        }

        if (!options.UseAck)
        {
            return SinkResult.Delivered;
        }

        if (answer.Reply.AckId is not { } ackId)
        {
            LogAckMissing(logger, Receiver);
            return SinkResult.Permanent(
                $"HEC {Receiver}: the batch was accepted without an ackId: indexer acknowledgement is off for this token; turn it on in Splunk or set UseAck to false.",
                answer.Status);
        }

        return await WaitForAckAsync(ackId, batch, cancellationToken);
    }

    /// <summary>
    /// Asks <c>/services/collector/health</c>, with the token so that a bad one shows too. True for HEC's "healthy"
    /// (200, code 17); false for "queues full" (503, code 18), a refused token, no answer or a network failure.
    /// </summary>
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, healthUri);
        var answer = await ExchangeAsync(request, cancellationToken);
        var healthy = answer.Failure is null && IsSuccess(answer.Status);
        LogHealth(logger, Receiver, healthy, answer.Status, answer.Reply.Code);
        return healthy;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Epoch seconds with milliseconds, as HEC's <c>time</c> takes them (<c>1433188255.500</c>).</summary>
    internal static string EpochSeconds(DateTime timestamp)
    {
        Span<byte> text = stackalloc byte[32];
        return Encoding.ASCII.GetString(text[..EpochSeconds(timestamp, text)]);
    }

    /// <summary>Worth a retry, because the collector may recover by itself: busy (9), queues full (18-20), shutting down (23), at capacity (26, 27) and 5xx, 408, 429.</summary>
    internal static bool IsRetryable(int status, int? code) =>
        status is 408 or 429 or >= 500 || code is 8 or 9 or 18 or 19 or 20 or 23 or 26 or 27;

    private async Task<SinkResult> WaitForAckAsync(long ackId, ExportBatch batch, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var query = Encoding.UTF8.GetBytes("{\"acks\":[" + ackId.ToString(CultureInfo.InvariantCulture) + "]}");
        string? lastProblem = null;
        while (true)
        {
            using (var request = new HttpRequestMessage(HttpMethod.Post, ackUri) { Content = new ByteArrayContent(query) })
            {
                request.Content.Headers.ContentType = JsonType;
                var answer = await ExchangeAsync(request, cancellationToken);
                if (answer.Failure is { } failure)
                {
                    if (answer.Refused)
                    {
                        return SinkResult.Permanent(failure);
                    }

                    lastProblem = failure;
                }
                else if (!IsSuccess(answer.Status))
                {
                    var error = ErrorText(answer, batch);
                    if (!IsRetryable(answer.Status, answer.Reply.Code))
                    {
                        // ACK disabled (14), a refused token or channel: polling longer will not change the answer.
                        return SinkResult.Permanent(error, answer.Status);
                    }

                    lastProblem = error;
                }
                else if (answer.Reply.IsAcknowledged(ackId))
                {
                    var elapsed = (long)time.GetElapsedTime(started).TotalMilliseconds;
                    LogAcknowledged(logger, batch.FirstSequence, batch.LastSequence, ackId, elapsed);
                    return SinkResult.Delivered;
                }
                else
                {
                    lastProblem = null;
                }
            }

            var remaining = options.AckTimeout - time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                LogNotAcknowledged(logger, batch.FirstSequence, batch.LastSequence, ackId, options.AckTimeout.TotalSeconds);
                return SinkResult.Retryable(
                    $"HEC {Receiver}: events {batch.FirstSequence}-{batch.LastSequence} (ackId {ackId}) not acknowledged within {Seconds(options.AckTimeout)} s"
                    + (lastProblem is null ? "." : $"; last poll: {lastProblem}"));
            }

            await Task.Delay(remaining < options.AckPollInterval ? remaining : options.AckPollInterval, time, cancellationToken);
        }
    }

    /// <summary>One request under <see cref="SplunkHecSinkOptions.RequestTimeout"/>: HEC's answer, or why there was none.</summary>
    private async Task<Answer> ExchangeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Splunk", options.Token);
        request.Headers.Add(ChannelHeader, Channel.ToString());
        using var timeout = new CancellationTokenSource(options.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            return new Answer((int)response.StatusCode, await ReadReplyAsync(response, linked.Token), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Answer.Failed($"HEC {Receiver}: no answer within {Seconds(options.RequestTimeout)} s.");
        }
        catch (HttpRequestException exception) when (exception.InnerException is DestinationRefusedException refused)
        {
            return Answer.Failed($"HEC {Receiver}: {refused.Message}") with { Refused = true };
        }
        catch (HttpRequestException exception)
        {
            return Answer.Failed($"HEC {Receiver}: {HttpFailure.Describe(exception)}");
        }
    }

    /// <summary>HEC's JSON answer (<c>code</c>, <c>ackId</c>, <c>invalid-event-number</c>, <c>acks</c>); empty for whatever else came.</summary>
    private static async Task<Reply> ReadReplyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxReplyRead];
        int read;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        }
        catch (IOException)
        {
            // The status line already says enough; a body cut short adds nothing.
            return Reply.Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.AsMemory(0, read));
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return Reply.From(document.RootElement);
            }
        }
        catch (JsonException)
        {
            // Not HEC's JSON: a proxy, a load balancer or some other page answered; the status says enough.
        }

        return Reply.Empty;
    }

    /// <summary>
    /// "HEC 403 code 4: Invalid token", with the event HEC named when it refused one of the batch: the code's documented
    /// text, or the status's standard reason, never what the answer itself says.
    /// </summary>
    private static string ErrorText(Answer answer, ExportBatch batch)
    {
        var text = new StringBuilder("HEC ").Append(answer.Status);
        if (answer.Reply.Code is { } code)
        {
            text.Append(" code ").Append(code).Append(": ").Append(HecCodes.Text(code));
        }
        else
        {
            var reason = ReasonPhrases.GetReasonPhrase(answer.Status);
            text.Append(": ").Append(reason.Length > 0 ? reason : "no reason given");
        }

        if (answer.Reply.InvalidEventNumber is { } number && number >= 0 && number < batch.Items.Count)
        {
            text.Append(" (event ").Append(number).Append(" of the batch, sequence ").Append(batch.Items[number].Sequence).Append(')');
        }

        return text.Append('.').ToString();
    }

    /// <summary>
    /// The batch's JSON gzipped in one go: one deflate call over the whole batch costs less than one per event, and
    /// compresses better.
    /// </summary>
    private static PooledBuffer Gzip(ReadOnlySpan<byte> json)
    {
        // Journal envelopes compress about four to one; the buffer grows should a batch compress worse.
        var compressed = new PooledBuffer(json.Length / 3);
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(json);
        }

        return compressed;
    }

    /// <summary>Writes the batch's HEC event objects into <paramref name="body"/>; null, or why an envelope cannot go.</summary>
    private string? WriteEvents(ExportBatch batch, PooledBuffer body)
    {
        // Straight into the pooled buffer: the writer keeps no buffer of its own, and a flush only moves the length.
        using var json = new Utf8JsonWriter((IBufferWriter<byte>)body);
        // Numbers go in as UTF-8 digits formatted in place: no string per event for the time, code or sequence.
        Span<byte> digits = stackalloc byte[32];
        for (var i = 0; i < batch.Items.Count; i++)
        {
            var item = batch.Items[i];
            if (i > 0)
            {
                body.Write("\n"u8);
            }

            json.WriteStartObject();
            json.WritePropertyName(HecNames.Time);
            json.WriteRawValue(digits[..EpochSeconds(item.Timestamp, digits)], skipInputValidation: true);
            if (hostName is { } host)
            {
                json.WriteString(HecNames.Host, host);
            }
            else
            {
                json.WriteString(HecNames.Host, item.NodeId);
            }

            json.WriteString(HecNames.Source, sourceName);
            json.WriteString(HecNames.SourceType, sourceTypeName);
            if (indexName is { } index)
            {
                json.WriteString(HecNames.Index, index);
            }

            json.WritePropertyName(HecNames.Event);
            try
            {
                // Checked once more here (a reader pass over the bytes, no transcoding): HEC would refuse the whole batch.
                json.WriteRawValue(item.Utf8Json.Span);
            }
            catch (JsonException exception)
            {
                // HEC would refuse the whole batch (code 6) and so would every retry: say which record is at fault.
                return $"the envelope of event {item.Sequence} is not valid JSON: {exception.Message}";
            }

            // Indexed fields are strings in Splunk's documented form (String or Array<String>).
            json.WriteStartObject(HecNames.Fields);
            json.WriteString(HecNames.Code, Digits(item.Code, digits));
            json.WriteString(HecNames.Name, item.Name);
            json.WriteString(HecNames.Class, EventClassNames.Of(item.Class));
            json.WriteString(HecNames.Sequence, Digits(item.Sequence, digits));
            json.WriteEndObject();
            json.WriteEndObject();

            // Each object is a JSON document of its own: the writer is flushed and reset between them.
            json.Flush();
            json.Reset();
        }

        return null;
    }

    /// <summary><see cref="EpochSeconds(DateTime)"/> as UTF-8 into <paramref name="destination"/>; the length written.</summary>
    internal static int EpochSeconds(DateTime timestamp, Span<byte> destination)
    {
        var utc = timestamp.Kind == DateTimeKind.Local ? timestamp.ToUniversalTime() : timestamp;
        var milliseconds = (utc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
        (milliseconds / 1000m).TryFormat(destination, out var written, "0.000", CultureInfo.InvariantCulture);
        return written;
    }

    private static ReadOnlySpan<byte> Digits(long value, Span<byte> destination)
    {
        value.TryFormat(destination, out var written, provider: CultureInfo.InvariantCulture);
        return destination[..written];
    }

    private static int EstimateSize(ExportBatch batch)
    {
        long size = 0;
        foreach (var item in batch.Items)
        {
            size += item.Utf8Json.Length + item.Name.Length + FramingEstimate;
        }

        return (int)Math.Min(size, Array.MaxLength);
    }

    private static bool IsSuccess(int status) => status is >= 200 and < 300;

    /// <summary>Code 0 is success; 24 and 25 (queue or acks nearing capacity) still took the data.</summary>
    private static bool IsAccepted(int? code) => code is 0 or 24 or 25;

    private static Uri Endpoint(Uri baseUrl, string path)
    {
        var root = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        return new Uri(root, path);
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Scheme, host and port only.</summary>
    private string Receiver => $"{options.Url.Scheme}://{options.Url.Authority}";

    [LoggerMessage(Level = LogLevel.Debug, Message = "HEC batch of events {First}-{Last} ({Count} events, {Bytes} bytes): HTTP {Status} code {Code}")]
    private static partial void LogAnswered(ILogger logger, long first, long last, int count, int bytes, int status, int? code);

    [LoggerMessage(Level = LogLevel.Debug, Message = "HEC indexed events {First}-{Last} (ackId {AckId}) after {ElapsedMs} ms")]
    private static partial void LogAcknowledged(ILogger logger, long first, long last, long ackId, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HEC did not acknowledge events {First}-{Last} (ackId {AckId}) within {Seconds} s")]
    private static partial void LogNotAcknowledged(ILogger logger, long first, long last, long ackId, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HEC {Receiver} accepted a batch without an ackId although UseAck is set: indexer acknowledgement is off for the token")]
    private static partial void LogAckMissing(ILogger logger, string receiver);

    [LoggerMessage(Level = LogLevel.Debug, Message = "HEC {Receiver} health: {Healthy} (HTTP {Status} code {Code})")]
    private static partial void LogHealth(ILogger logger, string receiver, bool healthy, int status, int? code);

    /// <summary>What one request brought back: an HTTP answer, or a failure text when none came (refused: the destination is not allowed).</summary>
    private sealed record Answer(int Status, Reply Reply, string? Failure)
    {
        public bool Refused { get; init; }

        public static Answer Failed(string failure) => new(0, Reply.Empty, failure);
    }

    /// <summary>The parts of HEC's JSON answers this sink reads.</summary>
    private sealed record Reply
    {
        public static readonly Reply Empty = new();

        public int? Code { get; init; }
        public long? AckId { get; init; }
        public int? InvalidEventNumber { get; init; }
        public Dictionary<string, bool>? Acks { get; init; }

        public bool IsAcknowledged(long ackId) =>
            Acks is not null && Acks.TryGetValue(ackId.ToString(CultureInfo.InvariantCulture), out var indexed) && indexed;

        public static Reply From(JsonElement root)
        {
            Dictionary<string, bool>? acks = null;
            if (root.TryGetProperty("acks", out var acksElement) && acksElement.ValueKind == JsonValueKind.Object)
            {
                acks = [];
                foreach (var ack in acksElement.EnumerateObject())
                {
                    acks[ack.Name] = ack.Value.ValueKind == JsonValueKind.True;
                }
            }

            return new Reply
            {
                Code = Int(root, "code") is { } code && code is >= 0 and <= int.MaxValue ? (int)code : null,
                AckId = Int(root, "ackId"),
                InvalidEventNumber = Int(root, "invalid-event-number") is { } number ? (int)number : null,
                Acks = acks,
            };
        }

        private static long? Int(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;
    }

    /// <summary>
    /// A write-only stream and buffer writer over arrays from the shared pool: the body of a few thousand events is
    /// built without the large-object-heap churn of a growing MemoryStream, and sent with a Content-Length.
    /// </summary>
    private sealed class PooledBuffer(int capacity) : Stream, IBufferWriter<byte>
    {
        private byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 1024));
        private int length;

        public ReadOnlyMemory<byte> Written => buffer.AsMemory(0, length);

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => length;

        public override long Position
        {
            get => length;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> data)
        {
            data.CopyTo(GetSpan(data.Length));
            length += data.Length;
        }

        public override void WriteByte(byte value) => Write([value]);

        public void Advance(int count) => length += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return buffer.AsMemory(length);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return buffer.AsSpan(length);
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        /// <summary>Makes room for at least <paramref name="sizeHint"/> more bytes (some, when it is 0).</summary>
        private void Reserve(int sizeHint)
        {
            var needed = (long)length + Math.Max(sizeHint, 1);
            if (needed > buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max((long)buffer.Length * 2, needed), Array.MaxLength));
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = [];
                length = 0;
            }

            base.Dispose(disposing);
        }
    }
}
