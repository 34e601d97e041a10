using System.Buffers;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Docket.Testing;

/// <summary>
/// The least of a Splunk HTTP Event Collector that the export bench needs, on a loopback port: <c>POST
/// /services/collector/event</c> with <c>Authorization: Splunk &lt;token&gt;</c>, gzip or plain bodies of concatenated
/// event objects, each counted, and HEC's success answer <c>{"text":"Success","code":0}</c>. Splunk cannot run here;
/// <see cref="HecReceiver"/> checks the protocol in depth for the tests, this one stays cheap so that it weighs little
/// in the figures, and weighs the same on the export and on its ceiling. It can keep every request body (to replay
/// them as the ceiling) and note, per event, its journal time (<c>x-opt-enqueued-time</c>) against the time it was
/// received.
/// </summary>
public sealed class CountingHecReceiver : IAsyncDisposable
{
    private static readonly byte[] Success = """{"text":"Success","code":0}"""u8.ToArray();
    private static readonly byte[] InvalidToken = """{"text":"Invalid token","code":4}"""u8.ToArray();
    private static readonly byte[] InvalidFormat = """{"text":"Invalid data format","code":6}"""u8.ToArray();

    private readonly string authorization;
    private readonly Lock gate = new();
    private readonly List<byte[]> captured = [];
    private readonly List<double> lags = [];
    private WebApplication? app;
    private long events;
    private long requests;
    private long target = long.MaxValue;
    private long reachedAt;
    private TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CountingHecReceiver(string token) => authorization = "Splunk " + token;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Keep a copy of every request body as it came (gzipped or not): the export's own batches, to replay as the ceiling.</summary>
    public bool Capture { get; set; }

    /// <summary>Note every event's <c>x-opt-enqueued-time</c> against the wall clock when its request is answered.</summary>
    public bool MeasureLag { get; set; }

    public long Events => Interlocked.Read(ref events);
    public long Requests => Interlocked.Read(ref requests);

    public static async Task<CountingHecReceiver> StartAsync(string token, CancellationToken cancellationToken)
    {
        var receiver = new CountingHecReceiver(token);
        var app = Loopback.CreateBuilder().Build();
        app.MapPost("/services/collector/event", receiver.EventAsync);
        await app.StartAsync(cancellationToken);
        receiver.app = app;
        receiver.BaseAddress = app.BaseAddress();
        return receiver;
    }

    /// <summary>
    /// Starts counting from zero; the returned task completes when <paramref name="count"/> events have arrived, and
    /// <see cref="ReachedAt"/> then holds the <see cref="Stopwatch"/> timestamp of the request that completed it.
    /// </summary>
    public Task ResetAndWaitFor(long count)
    {
        lock (gate)
        {
            Interlocked.Exchange(ref events, 0);
            Interlocked.Exchange(ref requests, 0);
            target = count;
            reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return reached.Task;
        }
    }

    /// <summary>Moves the goal of the current wait (when the count is known only once counting has begun).</summary>
    public void SetTarget(long count)
    {
        lock (gate)
        {
            target = count;
            if (events >= target)
            {
                reachedAt = Stopwatch.GetTimestamp();
                reached.TrySetResult();
            }
        }
    }

    public long ReachedAt => Interlocked.Read(ref reachedAt);

    public List<byte[]> TakeCaptured()
    {
        lock (gate)
        {
            List<byte[]> bodies = [.. captured];
            captured.Clear();
            return bodies;
        }
    }

    public List<double> TakeLags()
    {
        lock (gate)
        {
            List<double> taken = [.. lags];
            lags.Clear();
            return taken;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            app = null;
        }
    }

    private async Task EventAsync(HttpContext context)
    {
        if (!string.Equals(context.Request.Headers.Authorization.ToString(), authorization, StringComparison.Ordinal))
        {
            await AnswerAsync(context, StatusCodes.Status403Forbidden, InvalidToken);
            return;
        }

        var gzip = string.Equals(context.Request.Headers.ContentEncoding.ToString(), "gzip", StringComparison.OrdinalIgnoreCase);
        using var raw = await BodyBuffer.ReadAsync(context.Request.Body, (int)(context.Request.ContentLength ?? 64 * 1024), context.RequestAborted);
        if (Capture)
        {
            lock (gate)
            {
                captured.Add(raw.Written.ToArray());
            }
        }

        using var json = gzip ? await BodyBuffer.GunzipAsync(raw, context.RequestAborted) : null;
        var body = (json ?? raw).Written;
        var enqueued = MeasureLag ? new List<long>() : null;
        var count = Count(body.Span, enqueued);
        if (count <= 0)
        {
            await AnswerAsync(context, StatusCodes.Status400BadRequest, InvalidFormat);
            return;
        }

        if (enqueued is not null)
        {
            // The moment HEC would answer: the events are received and parsed. Journal times are Unix milliseconds.
            var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
            lock (gate)
            {
                lags.AddRange(enqueued.Select(at => (double)(now - at)));
            }
        }

        Interlocked.Increment(ref requests);
        lock (gate)
        {
            events += count;
            if (events >= target && !reached.Task.IsCompleted)
            {
                reachedAt = Stopwatch.GetTimestamp();
                reached.TrySetResult();
            }
        }

        await AnswerAsync(context, StatusCodes.Status200OK, Success);
    }

    /// <summary>
    /// The event objects in a body of concatenated JSON objects, or -1 when it is not that; with
    /// <paramref name="enqueued"/>, also each event's <c>event.x-opt-enqueued-time</c>.
    /// </summary>
    private static int Count(ReadOnlySpan<byte> body, List<long>? enqueued)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { AllowMultipleValues = true });
        var count = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return -1;
                }

                if (enqueued is null)
                {
                    reader.Skip();
                }
                else
                {
                    ReadEnqueuedTime(ref reader, enqueued);
                }

                count++;
            }
        }
        catch (JsonException)
        {
            return -1;
        }

        return count;
    }

    /// <summary>Walks one event object (the reader on its start) to its end, picking <c>x-opt-enqueued-time</c> of the envelope.</summary>
    private static void ReadEnqueuedTime(ref Utf8JsonReader reader, List<long> enqueued)
    {
        var depth = reader.CurrentDepth;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            // The envelope is the event object's "event" member: one level in.
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 2 && reader.ValueTextEquals("x-opt-enqueued-time"u8))
            {
                reader.Read();
                enqueued.Add(reader.GetInt64());
            }
        }
    }

    private static async Task AnswerAsync(HttpContext context, int status, byte[] answer)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = answer.Length;
        await context.Response.Body.WriteAsync(answer, context.RequestAborted);
    }

    /// <summary>A request body in a pooled array, so that megabyte batches do not churn the large-object heap.</summary>
    private sealed class BodyBuffer : IDisposable
    {
        private byte[] buffer;
        private int length;

        private BodyBuffer(int capacity) => buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 4096));

        public ReadOnlyMemory<byte> Written => buffer.AsMemory(0, length);

        public static async Task<BodyBuffer> ReadAsync(Stream source, int capacity, CancellationToken cancellationToken)
        {
            var body = new BodyBuffer(capacity);
            await body.FillAsync(source, cancellationToken);
            return body;
        }

        public static async Task<BodyBuffer> GunzipAsync(BodyBuffer compressed, CancellationToken cancellationToken)
        {
            // Journal JSON shrinks about tenfold: start there and grow when needed.
            var body = new BodyBuffer(compressed.length * 12);
            await using var gzip = new GZipStream(new MemoryStream(compressed.buffer, 0, compressed.length, writable: false), CompressionMode.Decompress);
            await body.FillAsync(gzip, cancellationToken);
            return body;
        }

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
        }

        private async Task FillAsync(Stream source, CancellationToken cancellationToken)
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await source.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    return;
                }

                length += read;
            }
        }
    }
}
