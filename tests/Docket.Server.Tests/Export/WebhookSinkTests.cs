using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using Docket.Contracts.Export;
using Docket.Events;
using Docket.Server.Export.Sinks;
using Docket.Server.Export;
using Docket.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Export;

/// <summary>
/// The webhook sink against a real HTTP receiver on loopback that checks each request exactly as
/// docs/export-webhook.md tells users to (<see cref="Verify"/> is the documented C# code).
/// </summary>
public sealed class WebhookSinkTests
{
    private const string Secret = "whsec-0123456789abcdef-test";

    [Fact]
    public async Task A_batch_is_posted_as_the_raw_envelopes_with_headers_the_documented_check_accepts()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sink = Sink(receiver.Url("/hook"));
        var items = new[] { Item(41, "ProjectCreated"), Item(42, "MarkingSchemeChanged"), Item(45, "LoginUserUnauthorized") };

        var result = await sink.SendAsync(new ExportBatch(items), TestContext.Current.CancellationToken);

        result.Outcome.ShouldBe(SinkOutcome.Delivered, result.Error);
        var request = receiver.Requests.ShouldHaveSingleItem();
        request.Refused.ShouldBeNull();
        request.ContentType.ShouldBe("application/json");
        Encoding.UTF8.GetString(request.Body).ShouldBe("{\"events\":[" + string.Join(",", items.Select(i => i.Json)) + "]}");
        using var body = JsonDocument.Parse(request.Body);
        body.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetRawText()).ShouldBe(items.Select(i => i.Json));
        request.Batch.ShouldBe("41-45");
        Guid.TryParse(request.Delivery, out _).ShouldBeTrue();
        request.Signature.ShouldNotBeNull().ShouldMatch("^t=[0-9]+,v1=[0-9a-f]{64}$");
    }

    [Fact]
    public async Task Each_attempt_is_a_new_delivery_signed_anew()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sink = Sink(receiver.Url("/hook"));
        var batch = new ExportBatch([Item(7, "ProjectCreated")]);

        (await sink.SendAsync(batch, TestContext.Current.CancellationToken)).Outcome.ShouldBe(SinkOutcome.Delivered);
        (await sink.SendAsync(batch, TestContext.Current.CancellationToken)).Outcome.ShouldBe(SinkOutcome.Delivered);

        var requests = receiver.Requests.ToList();
        requests.Count.ShouldBe(2);
        requests[0].Delivery.ShouldNotBe(requests[1].Delivery);
        requests.ShouldAllBe(r => r.Refused == null && r.Batch == "7-7");
    }

    [Fact]
    public async Task The_documented_check_refuses_a_wrong_secret_and_the_failure_is_permanent_without_the_secret()
    {
        await using var receiver = await Receiver.StartAsync();
        const string wrong = "not-the-shared-secret-at-all";
        await using var sink = Sink(receiver.Url("/hook"), secret: wrong);

        var result = await sink.SendAsync(new ExportBatch([Item(1, "ProjectCreated")]), TestContext.Current.CancellationToken);

        receiver.Requests.ShouldHaveSingleItem().Refused.ShouldBe("signature does not match");
        result.Outcome.ShouldBe(SinkOutcome.Permanent);
        result.StatusCode.ShouldBe(401);
        result.Error.ShouldNotBeNull().ShouldContain("HTTP 401");
        result.Error.ShouldNotContain(wrong);
        result.Error.ShouldNotContain(Secret);
    }

    [Fact]
    public async Task The_documented_check_accepts_four_minutes_of_skew_and_refuses_a_timestamp_older_than_five()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var late = Sink(receiver.Url("/hook"), time: new ShiftedTime(TimeSpan.FromMinutes(-4)));
        await using var stale = Sink(receiver.Url("/hook"), time: new ShiftedTime(TimeSpan.FromMinutes(-6)));
        var batch = new ExportBatch([Item(1, "ProjectCreated")]);

        var accepted = await late.SendAsync(batch, TestContext.Current.CancellationToken);
        var refused = await stale.SendAsync(batch, TestContext.Current.CancellationToken);

        accepted.Outcome.ShouldBe(SinkOutcome.Delivered, accepted.Error);
        refused.Outcome.ShouldBe(SinkOutcome.Permanent);
        refused.StatusCode.ShouldBe(401);
        receiver.Requests.Select(r => r.Refused).ShouldBe([null, "timestamp outside the 5 minute tolerance"]);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Timeout_throttling_and_server_errors_are_retryable(int status)
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sink = Sink(receiver.Url($"/status/{status}"));

        var result = await sink.SendAsync(new ExportBatch([Item(1, "ProjectCreated")]), TestContext.Current.CancellationToken);

        result.Outcome.ShouldBe(SinkOutcome.Retryable);
        result.StatusCode.ShouldBe(status);
        result.Error.ShouldNotBeNull().ShouldContain($"HTTP {status}");
        result.Error.ShouldNotContain("receiver says no");
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(410)]
    public async Task Other_client_errors_are_permanent_with_the_status_in_the_error(int status)
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sink = Sink(receiver.Url($"/status/{status}"));

        var result = await sink.SendAsync(new ExportBatch([Item(1, "ProjectCreated")]), TestContext.Current.CancellationToken);

        result.Outcome.ShouldBe(SinkOutcome.Permanent);
        result.StatusCode.ShouldBe(status);
        // The status and its standard reason: never the receiver's own words, which could be any page's content.
        result.Error.ShouldBe($"webhook {receiver.Url("/").GetLeftPart(UriPartial.Authority)}: HTTP {status} {(HttpStatusCode)status switch
        {
            HttpStatusCode.BadRequest => "Bad Request",
            HttpStatusCode.Forbidden => "Forbidden",
            HttpStatusCode.NotFound => "Not Found",
            _ => "Gone",
        }}.");
        result.Error!.ShouldNotContain(Secret);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_is_permanent()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sink = Sink(receiver.Url("/moved"));

        var result = await sink.SendAsync(new ExportBatch([Item(1, "ProjectCreated")]), TestContext.Current.CancellationToken);

        result.Outcome.ShouldBe(SinkOutcome.Permanent);
        result.StatusCode.ShouldBe(307);
        receiver.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Receiver_down_is_retryable()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        await using var sink = Sink(new Uri($"http://127.0.0.1:{port}/hook"));

        var result = await sink.SendAsync(new ExportBatch([Item(1, "ProjectCreated")]), TestContext.Current.CancellationToken);

        result.Outcome.ShouldBe(SinkOutcome.Retryable);
        result.StatusCode.ShouldBeNull();
        result.Error.ShouldNotBeNull().ShouldContain($"127.0.0.1:{port}");
    }

    [Fact]
    public async Task No_answer_within_the_timeout_is_retryable()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sink = Sink(receiver.Url("/slow"), timeout: TimeSpan.FromMilliseconds(500));

        var result = await sink.SendAsync(new ExportBatch([Item(1, "ProjectCreated")]), TestContext.Current.CancellationToken);

        result.Outcome.ShouldBe(SinkOutcome.Retryable);
        result.Error.ShouldNotBeNull().ShouldContain("no answer within 0.5 s");
    }

    [Fact]
    public void Settings_need_https_except_to_loopback_and_a_secret_that_the_API_never_shows()
    {
        var definition = new SinkDefinition<WebhookSinkOptions>(
            SinkKind.Webhook, (_, o, _) => new WebhookSink(o, ExportDestinations.Default, TimeProvider.System, NullLogger<WebhookSink>.Instance))
        {
            Secrets = [nameof(WebhookSinkOptions.Secret)],
        };

        definition.Validate($$"""{"url":"https://soc.example.org/hook","secret":"{{Secret}}"}""").ShouldBeNull();
        definition.Validate($$"""{"url":"http://127.0.0.1:8080/hook","secret":"{{Secret}}"}""").ShouldBeNull();
        definition.Validate($$"""{"url":"http://localhost/hook","secret":"{{Secret}}"}""").ShouldBeNull();
        definition.Validate($$"""{"url":"http://soc.example.org/hook","secret":"{{Secret}}"}""").ShouldNotBeNull().ShouldContain("https://");
        definition.Validate($$"""{"url":"http://soc.example.org/hook","secret":"{{Secret}}","allowInsecureHttp":true}""").ShouldBeNull();
        definition.Validate($$"""{"url":"ftp://soc.example.org/hook","secret":"{{Secret}}"}""").ShouldNotBeNull().ShouldContain("https://");
        definition.Validate($$"""{"url":"https://user:pass@soc.example.org/hook","secret":"{{Secret}}"}""").ShouldNotBeNull().ShouldContain("user name");
        var shortSecret = definition.Validate("""{"url":"https://soc.example.org/hook","secret":"short-one"}""").ShouldNotBeNull();
        shortSecret.ShouldContain("Secret");
        shortSecret.ShouldNotContain("short-one");
        definition.Validate("""{"url":"https://soc.example.org/hook"}""").ShouldNotBeNull();
        definition.Redact($$"""{"url":"https://soc.example.org/hook","secret":"{{Secret}}"}""").ShouldNotContain(Secret);
    }

    /// <summary>
    /// The receiver's check, exactly as docs/export-webhook.md gives it to users (DocketWebhook.Verify): null
    /// when the request is Docket's and fresh, otherwise why it is refused.
    /// </summary>
    private static string? Verify(string secret, string? signatureHeader, byte[] body, DateTimeOffset now)
    {
        var tolerance = TimeSpan.FromMinutes(5);
        if (string.IsNullOrEmpty(signatureHeader))
        {
            return "no Docket-Signature header";
        }

        long? timestamp = null;
        var signatures = new List<byte[]>();
        foreach (var part in signatureHeader.Split(','))
        {
            var pair = part.Trim().Split('=', 2);
            if (pair.Length != 2)
            {
                continue;
            }

            if (pair[0] == "t" && long.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                timestamp = t;
            }
            else if (pair[0] == "v1" && pair[1].Length == 64)
            {
                try
                {
                    signatures.Add(Convert.FromHexString(pair[1]));
                }
                catch (FormatException)
                {
                    // Not hex: cannot match.
                }
            }
        }

        if (timestamp is not { } signedAt || signatures.Count == 0)
        {
            return "malformed Docket-Signature header";
        }

        var nowSeconds = now.ToUnixTimeSeconds();
        var toleranceSeconds = (long)tolerance.TotalSeconds;
        if (signedAt < nowSeconds - toleranceSeconds || signedAt > nowSeconds + toleranceSeconds)
        {
            return "timestamp outside the 5 minute tolerance";
        }

        var signed = Encoding.ASCII.GetBytes(signedAt.ToString(CultureInfo.InvariantCulture) + ".");
        byte[] message = [.. signed, .. body];
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
        var match = false;
        foreach (var signature in signatures)
        {
            match |= CryptographicOperations.FixedTimeEquals(signature, expected);
        }

        return match ? null : "signature does not match";
    }

    private static WebhookSink Sink(Uri url, string secret = Secret, TimeProvider? time = null, TimeSpan? timeout = null) =>
        new(new WebhookSinkOptions { Url = url, Secret = secret, Timeout = timeout ?? TimeSpan.FromSeconds(10) }, ExportDestinations.Default, time ?? TimeProvider.System, NullLogger<WebhookSink>.Instance);

    private static ExportItem Item(long sequence, string name)
    {
        var id = Guid.CreateVersion7();
        var timestamp = new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc).AddSeconds(sequence);
        var envelope = new Dictionary<string, object?>
        {
            ["body"] = new Dictionary<string, object?>
            {
                ["Project"] = new Dictionary<string, object?> { ["name"] = "Счета" },
                ["EventType"] = "test." + name, ["Timestamp"] = timestamp, ["Code"] = 3000, ["Name"] = name, ["Id"] = id, ["NodeId"] = "node-a",
            },
            ["x-opt-sequence-number"] = sequence,
        };
        return new ExportItem
        {
            Sequence = sequence, Id = id, Code = 3000, Name = name, Class = EventClass.Information, EventType = "test." + name,
            Timestamp = timestamp, NodeId = "node-a", Utf8Json = JsonSerializer.SerializeToUtf8Bytes(envelope),
        };
    }

    /// <summary>The system clock moved by a fixed offset: a sender whose requests were signed a while ago.</summary>
    private sealed class ShiftedTime(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
    }

    private sealed record ReceivedRequest(byte[] Body, string? ContentType, string? Signature, string? Delivery, string? Batch, string? Refused);

    /// <summary>A minimal ASP.NET Core receiver on 127.0.0.1: <c>/hook</c> checks as the docs say; the others answer as their names say.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication app;
        private readonly Uri baseAddress;

        private Receiver(WebApplication app, Uri baseAddress, ConcurrentQueue<ReceivedRequest> requests)
        {
            this.app = app;
            this.baseAddress = baseAddress;
            Requests = requests;
        }

        public ConcurrentQueue<ReceivedRequest> Requests { get; }

        public Uri Url(string path) => new(baseAddress, path);

        public static async Task<Receiver> StartAsync()
        {
            var app = Loopback.CreateBuilder().Build();
            var requests = new ConcurrentQueue<ReceivedRequest>();
            app.MapPost("/hook", async (HttpRequest request, CancellationToken cancellationToken) =>
            {
                using var buffer = new MemoryStream();
                await request.Body.CopyToAsync(buffer, cancellationToken);
                var body = buffer.ToArray();
                var refused = Verify(Secret, request.Headers["Docket-Signature"], body, TimeProvider.System.GetUtcNow());
                requests.Enqueue(new ReceivedRequest(
                    body, request.ContentType, request.Headers["Docket-Signature"], request.Headers["Docket-Delivery"], request.Headers["Docket-Batch"], refused));
                return refused is null ? Results.Ok() : Results.Problem(refused, statusCode: StatusCodes.Status401Unauthorized);
            });
            app.MapPost("/status/{code:int}", (int code) => Results.Text("receiver says no", statusCode: code));
            app.MapPost("/moved", () => Results.Redirect("/hook", permanent: false, preserveMethod: true));
            app.MapPost("/slow", async (CancellationToken cancellationToken) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
                return Results.Ok();
            });
            await app.StartAsync(TestContext.Current.CancellationToken);
            return new Receiver(app, app.BaseAddress(), requests);
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }
}
