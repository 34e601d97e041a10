using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Docket.Testing;

/// <summary>
/// A Splunk HTTP Event Collector on a loopback port, for tests: Splunk cannot run here, so this implements the
/// protocol as Splunk documents it ("Format events for HTTP Event Collector", "About HTTP Event Collector Indexer
/// Acknowledgment", the services/collector endpoints of the REST reference and the status codes of "Troubleshoot
/// HTTP Event Collector"): token check, gzip bodies, batches of concatenated event objects, per-event validation,
/// request channels, indexer acknowledgement and health, plus switches that make it busy, unhealthy or silent.
/// A request is accepted whole or refused whole (its events are recorded only when all of them are valid).
/// </summary>
public sealed class HecReceiver : IAsyncDisposable
{
    public const string ChannelHeader = "X-Splunk-Request-Channel";

    /// <summary>HEC's status codes: the HTTP status and text Splunk answers with each.</summary>
    private static readonly Dictionary<int, (int Status, string Text)> Codes = new()
    {
        [0] = (200, "Success"),
        [1] = (403, "Token disabled"),
        [2] = (401, "Token is required"),
        [3] = (401, "Invalid authorization"),
        [4] = (403, "Invalid token"),
        [5] = (400, "No data"),
        [6] = (400, "Invalid data format"),
        [7] = (400, "Incorrect index"),
        [8] = (500, "Internal server error"),
        [9] = (503, "Server is busy"),
        [10] = (400, "Data channel is missing"),
        [11] = (400, "Invalid data channel"),
        [12] = (400, "Event field is required"),
        [13] = (400, "Event field cannot be blank"),
        [14] = (400, "ACK is disabled"),
        [15] = (400, "Error in handling indexed fields"),
        [16] = (400, "Query string authorization is not enabled"),
        [17] = (200, "HEC is healthy"),
        [18] = (503, "HEC is unhealthy, queues are full"),
        [19] = (503, "HEC is unhealthy, ack service unavailable"),
        [20] = (503, "HEC is unhealthy, queues are full, ack service unavailable"),
        [21] = (400, "Invalid token"),
        [22] = (400, "Token disabled"),
        [23] = (503, "Server is shutting down"),
    };

    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, TokenState> tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, ChannelState> channels = new();
    private readonly Lock gate = new();
    private readonly List<HecEvent> events = [];
    private readonly List<HecBatch> batches = [];
    private readonly ConcurrentQueue<int> healthAnswers = new();
    private WebApplication? app;
    private TaskCompletionSource? hold;
    private TaskCompletionSource heldSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int busy;
    private int eventRequests;
    private int ackPolls;
    private int inFlight;
    private int peakInFlight;
    private int held;

    private HecReceiver(TimeProvider time) => this.time = time;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>How long after a request its ackId turns true; <see cref="Timeout.InfiniteTimeSpan"/> never acknowledges.</summary>
    public TimeSpan AckDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Drops every connection without an answer, as a collector that hangs up would.</summary>
    public bool Down { get; set; }

    /// <summary>False answers the health endpoint 503 code 18 (queues full).</summary>
    public bool Healthy { get; set; } = true;

    /// <summary>Requests that reached the event endpoint, refused ones included.</summary>
    public int EventRequests => Volatile.Read(ref eventRequests);

    public int AckPolls => Volatile.Read(ref ackPolls);

    /// <summary>The HEC code of each answer the health endpoint gave, in order: 17 healthy, 18 queues full, 21 and 22 a refused token.</summary>
    public IReadOnlyList<int> HealthAnswers => [.. healthAnswers];

    /// <summary>The most event requests that were ever in progress at once: 1 for a sender that waits for each answer.</summary>
    public int PeakConcurrentRequests => Volatile.Read(ref peakInFlight);

    /// <summary>Accepted requests whose answer was held by <see cref="HoldAnswers"/>.</summary>
    public int HeldRequests
    {
        get
        {
            lock (gate)
            {
                return held;
            }
        }
    }

    /// <summary>Every accepted request, in the order accepted.</summary>
    public IReadOnlyList<HecBatch> Batches
    {
        get
        {
            lock (gate)
            {
                return [.. batches];
            }
        }
    }

    /// <summary>Every accepted event, in the order accepted.</summary>
    public IReadOnlyList<HecEvent> Events
    {
        get
        {
            lock (gate)
            {
                return [.. events];
            }
        }
    }

    public static async Task<HecReceiver> StartAsync(CancellationToken cancellationToken, TimeProvider? time = null)
    {
        var receiver = new HecReceiver(time ?? TimeProvider.System);
        var app = Loopback.CreateBuilder().Build();
        app.Use(async (context, next) =>
        {
            if (receiver.Down)
            {
                context.Abort();
                return;
            }

            await next(context);
        });
        foreach (var path in new[] { "/services/collector", "/services/collector/event", "/services/collector/event/1.0" })
        {
            app.MapPost(path, receiver.EventAsync);
        }

        app.MapPost("/services/collector/ack", receiver.AckAsync);
        foreach (var path in new[] { "/services/collector/health", "/services/collector/health/1.0" })
        {
            app.MapGet(path, receiver.HealthAsync);
        }

        await app.StartAsync(cancellationToken);
        receiver.app = app;
        receiver.BaseAddress = app.BaseAddress();
        return receiver;
    }

    /// <summary>A token HEC knows; with <paramref name="ack"/> it has indexer acknowledgement on; <paramref name="indexes"/> null allows any index.</summary>
    public void AddToken(string token, bool ack = false, IEnumerable<string>? indexes = null) =>
        tokens[token] = new TokenState(ack, indexes?.ToHashSet(StringComparer.Ordinal));

    public void DisableToken(string token) => tokens[token].Disabled = true;

    /// <summary>The next <paramref name="requests"/> event requests get 503 code 9 (server is busy).</summary>
    public void BusyFor(int requests) => Volatile.Write(ref busy, requests);

    /// <summary>
    /// From now on every valid batch is accepted (its events recorded) but not answered until <see cref="ReleaseAnswers"/>
    /// or until the sender goes away: a collector that indexed the data and then hangs, or a sender that dies before the
    /// answer comes.
    /// </summary>
    public void HoldAnswers()
    {
        lock (gate)
        {
            hold ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Answers the held requests and stops holding.</summary>
    public void ReleaseAnswers()
    {
        TaskCompletionSource? released;
        lock (gate)
        {
            released = hold;
            hold = null;
        }

        released?.TrySetResult();
    }

    /// <summary>Waits until <paramref name="count"/> requests in all have been held, or throws after <paramref name="timeout"/>.</summary>
    public async Task WaitForHeldAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task signal;
            lock (gate)
            {
                if (held >= count)
                {
                    return;
                }

                signal = heldSignal.Task;
            }

            try
            {
                await signal.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Expected {count} held requests at the receiver within {timeout}, got {HeldRequests}.");
            }
        }
    }

    /// <summary>Closes the port: later requests find nothing listening.</summary>
    public async Task StopAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            app = null;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task EventAsync(HttpContext context)
    {
        Interlocked.Increment(ref eventRequests);
        var concurrent = Interlocked.Increment(ref inFlight);
        for (var peak = Volatile.Read(ref peakInFlight); concurrent > peak; peak = Volatile.Read(ref peakInFlight))
        {
            Interlocked.CompareExchange(ref peakInFlight, concurrent, peak);
        }

        try
        {
            await AcceptAsync(context);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    private async Task AcceptAsync(HttpContext context)
    {
        if (TakeBusy())
        {
            await AnswerAsync(context, 9);
            return;
        }

        var (token, refusal) = Authenticate(context);
        if (token is null)
        {
            await AnswerAsync(context, refusal);
            return;
        }

        var (channel, channelRefusal) = Channel(context, token);
        if (channelRefusal != 0)
        {
            await AnswerAsync(context, channelRefusal);
            return;
        }

        var body = await ReadBodyAsync(context);
        if (body is null)
        {
            await AnswerAsync(context, 6);
            return;
        }

        var (parsed, code, invalidEvent) = Parse(body, token);
        if (code != 0)
        {
            await AnswerAsync(context, code, invalidEvent);
            return;
        }

        var gzipped = IsGzip(context);
        long? ackId = null;
        Task? holding = null;
        lock (gate)
        {
            var accepted = parsed.Select(e => new HecEvent(e, e.GetProperty("event"), channel, gzipped)).ToList();
            events.AddRange(accepted);
            batches.Add(new HecBatch(channel, time.GetUtcNow(), accepted));
            if (token.Ack)
            {
                ackId = channels.GetOrAdd(channel!.Value, _ => new ChannelState()).Issue(AckDelay == Timeout.InfiniteTimeSpan ? null : time.GetUtcNow() + AckDelay);
            }

            if (hold is not null)
            {
                holding = hold.Task;
                held++;
                heldSignal.TrySetResult();
                heldSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        try
        {
            if (holding is not null)
            {
                await holding.WaitAsync(context.RequestAborted);
            }

            await AnswerAsync(context, 0, ackId: ackId);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The sender went away without its answer: the events stay accepted, as HEC keeps what it indexed.
        }
    }

    private async Task AckAsync(HttpContext context)
    {
        Interlocked.Increment(ref ackPolls);
        var (token, refusal) = Authenticate(context);
        if (token is null)
        {
            await AnswerAsync(context, refusal);
            return;
        }

        if (!token.Ack)
        {
            await AnswerAsync(context, 14);
            return;
        }

        var (channel, channelRefusal) = Channel(context, token);
        if (channelRefusal != 0)
        {
            await AnswerAsync(context, channelRefusal);
            return;
        }

        var body = await ReadBodyAsync(context);
        if (body is null || body.Length == 0)
        {
            await AnswerAsync(context, body is null ? 6 : 5);
            return;
        }

        List<long> ids = [];
        try
        {
            using var query = JsonDocument.Parse(body);
            foreach (var id in query.RootElement.GetProperty("acks").EnumerateArray())
            {
                ids.Add(id.GetInt64());
            }
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            await AnswerAsync(context, 6);
            return;
        }

        var state = channels.GetOrAdd(channel!.Value, _ => new ChannelState());
        var now = time.GetUtcNow();
        var answer = new Dictionary<string, bool>();
        foreach (var id in ids)
        {
            answer[id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = state.Query(id, now);
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { acks = answer }), context.RequestAborted);
    }

    private async Task HealthAsync(HttpContext context)
    {
        // The token is optional here; when one is given it must be valid (codes 21 and 22, both 400).
        if (!string.IsNullOrEmpty(context.Request.Headers.Authorization))
        {
            var (token, refusal) = Authenticate(context);
            if (token is null)
            {
                await AnswerHealthAsync(context, refusal == 1 ? 22 : 21);
                return;
            }
        }

        await AnswerHealthAsync(context, Healthy ? 17 : 18);
    }

    private async Task AnswerHealthAsync(HttpContext context, int code)
    {
        healthAnswers.Enqueue(code);
        await AnswerAsync(context, code);
    }

    private (TokenState? Token, int Refusal) Authenticate(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return (null, context.Request.Query.ContainsKey("token") ? 16 : 2);
        }

        const string Scheme = "Splunk ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length == Scheme.Length)
        {
            return (null, 3);
        }

        if (!tokens.TryGetValue(header[Scheme.Length..].Trim(), out var token))
        {
            return (null, 4);
        }

        return token.Disabled ? (null, 1) : (token, 0);
    }

    /// <summary>The request channel, from the header or the <c>channel</c> query parameter; required when the token has acks on.</summary>
    private static (Guid? Channel, int Refusal) Channel(HttpContext context, TokenState token)
    {
        var raw = context.Request.Headers[ChannelHeader].ToString();
        if (string.IsNullOrEmpty(raw))
        {
            raw = context.Request.Query["channel"].ToString();
        }

        if (string.IsNullOrEmpty(raw))
        {
            return (null, token.Ack ? 10 : 0);
        }

        return Guid.TryParseExact(raw, "D", out var channel) ? (channel, 0) : (null, 11);
    }

    /// <summary>The body, gunzipped when it says so; null when it cannot be read as what it claims.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        var encoding = context.Request.Headers.ContentEncoding.ToString();
        if (!string.IsNullOrEmpty(encoding) && !IsGzip(context) && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        using var buffer = new MemoryStream();
        try
        {
            if (IsGzip(context))
            {
                await using var gzip = new GZipStream(context.Request.Body, CompressionMode.Decompress, leaveOpen: true);
                await gzip.CopyToAsync(buffer, context.RequestAborted);
            }
            else
            {
                await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            }
        }
        catch (InvalidDataException)
        {
            return null;
        }

        return buffer.ToArray();
    }

    private static bool IsGzip(HttpContext context) =>
        context.Request.Headers.ContentEncoding.ToString().Equals("gzip", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The body as a batch: JSON objects one after another (whitespace between them or none). Returns the events,
    /// or the code of the first refusal and the 0-based number of the event at fault.
    /// </summary>
    private static (List<JsonElement> Events, int Code, int? InvalidEvent) Parse(byte[] body, TokenState token)
    {
        var parsed = new List<JsonElement>();
        if (body.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            return (parsed, 5, null);
        }

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { AllowMultipleValues = true });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return (parsed, 6, parsed.Count);
                }

                var hec = JsonElement.ParseValue(ref reader);
                var code = Validate(hec, token);
                if (code != 0)
                {
                    return (parsed, code, parsed.Count);
                }

                parsed.Add(hec);
            }
        }
        catch (JsonException)
        {
            return (parsed, 6, parsed.Count);
        }

        return parsed.Count == 0 ? (parsed, 5, null) : (parsed, 0, null);
    }

    /// <summary>One event object against the documented format: <c>event</c> required and not blank, metadata as strings, <c>time</c> numeric, flat fields.</summary>
    private static int Validate(JsonElement hec, TokenState token)
    {
        if (!hec.TryGetProperty("event", out var payload))
        {
            return 12;
        }

        if (payload.ValueKind == JsonValueKind.Null || (payload.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(payload.GetString())))
        {
            return 13;
        }

        if (hec.TryGetProperty("time", out var timestamp)
            && timestamp.ValueKind != JsonValueKind.Number
            && !(timestamp.ValueKind == JsonValueKind.String && decimal.TryParse(timestamp.GetString(), System.Globalization.CultureInfo.InvariantCulture, out _)))
        {
            return 6;
        }

        foreach (var name in new[] { "host", "source", "sourcetype", "index" })
        {
            if (hec.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.String)
            {
                return 6;
            }
        }

        if (hec.TryGetProperty("index", out var index) && token.Indexes is not null && !token.Indexes.Contains(index.GetString()!))
        {
            return 7;
        }

        if (hec.TryGetProperty("fields", out var fields))
        {
            if (fields.ValueKind != JsonValueKind.Object)
            {
                return 15;
            }

            foreach (var field in fields.EnumerateObject())
            {
                var flat = field.Value.ValueKind switch
                {
                    JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => true,
                    JsonValueKind.Array => field.Value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String),
                    _ => false,
                };
                if (!flat)
                {
                    return 15;
                }
            }
        }

        return 0;
    }

    private bool TakeBusy()
    {
        while (true)
        {
            var left = Volatile.Read(ref busy);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref busy, left - 1, left) == left)
            {
                return true;
            }
        }
    }

    /// <summary>HEC's answer body: <c>{"text":"...","code":N}</c>, with <c>invalid-event-number</c> or <c>ackId</c> where they apply.</summary>
    private static async Task AnswerAsync(HttpContext context, int code, int? invalidEvent = null, long? ackId = null)
    {
        var (status, text) = Codes[code];
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("text", text);
            json.WriteNumber("code", code);
            if (invalidEvent is { } number)
            {
                json.WriteNumber("invalid-event-number", number);
            }

            if (ackId is { } id)
            {
                json.WriteNumber("ackId", id);
            }

            json.WriteEndObject();
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted);
    }

    private sealed class TokenState(bool ack, HashSet<string>? indexes)
    {
        public bool Ack { get; } = ack;
        public HashSet<string>? Indexes { get; } = indexes;
        public volatile bool Disabled;
    }

    /// <summary>One channel's acks: ids count up from 0 per channel; an id answered true is forgotten, as Splunk does.</summary>
    private sealed class ChannelState
    {
        private readonly Lock gate = new();
        private readonly Dictionary<long, DateTimeOffset?> pending = [];
        private long next;

        public long Issue(DateTimeOffset? indexedAt)
        {
            lock (gate)
            {
                pending[next] = indexedAt;
                return next++;
            }
        }

        public bool Query(long id, DateTimeOffset now)
        {
            lock (gate)
            {
                if (pending.TryGetValue(id, out var indexedAt) && indexedAt is { } at && at <= now)
                {
                    pending.Remove(id);
                    return true;
                }

                return false;
            }
        }
    }
}
