using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Docket.Events;
using Docket.Server.Export;
using Docket.Server.Export.Sinks;
using Docket.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Export;

/// <summary>
/// The Splunk HEC sink against <see cref="HecReceiver"/>, a collector on a loopback port that speaks HEC as Splunk
/// documents it (Splunk itself cannot run here). Each test starts its own receiver.
/// </summary>
public sealed class SplunkHecSinkTests
{
    private const string Token = "5e2b1a64-3c1d-4f7e-9a0b-7d6c5e4f3a21";
    private static readonly DateTime Start = new(2025, 3, 14, 9, 26, 53, 589, DateTimeKind.Utc);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Batch_arrives_whole_and_in_order_with_the_envelope_as_the_event_and_the_record_as_indexed_fields(bool gzip)
    {
        await using var hec = await HecReceiver.StartAsync(Cancel);
        hec.AddToken(Token);
        using var http = new HttpClient();
        await using var sink = Sink(hec, http, o => o with { Gzip = gzip });
        var items = Enumerable.Range(1, 2000).Select(i => Item(1000 + i)).ToArray();

        var result = await sink.SendAsync(new ExportBatch(items), Cancel);

        result.Outcome.ShouldBe(SinkOutcome.Delivered, result.Error);
        hec.EventRequests.ShouldBe(1);
        var received = hec.Events;
        received.Count.ShouldBe(items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            var (got, item) = (received[i], items[i]);
            got.Gzipped.ShouldBe(gzip);
            got.Channel.ShouldBe(sink.Channel);
            got.Event.ValueKind.ShouldBe(JsonValueKind.Object);
            got.Event.GetRawText().ShouldBe(item.Json);
            got.Hec.GetProperty("time").ValueKind.ShouldBe(JsonValueKind.Number);
            got.Time.ShouldBe((decimal)(item.Timestamp - DateTime.UnixEpoch).TotalMilliseconds / 1000m);
            got.Host.ShouldBe("node-a");
            got.Source.ShouldBe("docket");
            got.SourceType.ShouldBe("docket:journal");
            got.Hec.TryGetProperty("index", out _).ShouldBeFalse();
            got.Field("code").ShouldBe(item.Code.ToString(CultureInfo.InvariantCulture));
            got.Field("name").ShouldBe(item.Name);
            got.Field("class").ShouldBe(item.Class.ToString());
            got.Field("sequence").ShouldBe(item.Sequence.ToString(CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task Index_host_source_and_sourcetype_come_from_the_options()
    {
        await using var hec = await HecReceiver.StartAsync(Cancel);
        hec.AddToken(Token, indexes: ["docket_audit"]);
        using var http = new HttpClient();
        await using var sink = Sink(hec, http, o => o with { Index = "docket_audit", Host = "docket-prod", Source = "docket-eu", SourceType = "docket:test" });

        var result = await sink.SendAsync(new ExportBatch([Item(7)]), Cancel);

        result.Outcome.ShouldBe(SinkOutcome.Delivered, result.Error);
        var got = hec.Events.ShouldHaveSingleItem();
        (got.Index, got.Host, got.Source, got.SourceType).ShouldBe(("docket_audit", "docket-prod", "docket-eu", "docket:test"));
    }

    [Fact]
    public void Time_is_epoch_seconds_with_milliseconds()
    {
        // The example of Splunk's "Format events for HTTP Event Collector": 1433188255.500 is 2015-06-01 19:50:55.5 GMT.
        SplunkHecSink.EpochSeconds(new DateTime(2015, 6, 1, 19, 50, 55, 500, DateTimeKind.Utc)).ShouldBe("1433188255.500");
        SplunkHecSink.EpochSeconds(new DateTime(2015, 6, 1, 19, 50, 55, 0, DateTimeKind.Utc).AddTicks(9_999)).ShouldBe("1433188255.000");
    }

    [Fact]
    public async Task With_ack_the_batch_is_delivered_only_once_the_collector_says_it_is_indexed()
    {
        await using var hec = await HecReceiver.StartAsync(Cancel);
        hec.AddToken(Token, ack: true);
        hec.AckDelay = TimeSpan.FromSeconds(1.5);
        using var http = new HttpClient();
        await using var sink = Sink(hec, http, o => o with { UseAck = true, AckPollInterval = TimeSpan.FromMilliseconds(100) });
        var clock = Stopwatch.StartNew();

        var result = await sink.SendAsync(new ExportBatch([Item(1), Item(2)]), Cancel);

        result.Outcome.ShouldBe(SinkOutcome.Delivered, result.Error);
        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(hec.AckDelay);
        hec.AckPolls.ShouldBeGreaterThan(1);
        hec.Events.Count.ShouldBe(2);
    }

    [Fact]
    public async Task With_ack_a_second_batch_on_the_channel_gets_its_own_ack()
    {
        await using var hec = await HecReceiver.StartAsync(Cancel);
        hec.AddToken(Token, ack: true);
        using var http = new HttpClient();
        await using var sink = Sink(hec, http, o => o with { UseAck = true, AckPollInterval = TimeSpan.FromMilliseconds(50) });

        (await sink.SendAsync(new ExportBatch([Item(1)]), Cancel)).Outcome.ShouldBe(SinkOutcome.Delivered);
        (await sink.SendAsync(new ExportBatch([Item(2)]), Cancel)).Outcome.ShouldBe(SinkOutcome.Delivered);

        hec.Events.Select(e => e.Field("sequence")).ShouldBe(["1", "2"]);
    }

    [Fact]
    public async Task Ack_that_never_comes_is_retryable()
    {
        await using var hec = await HecReceiver.StartAsync(Cancel);
        hec.AddToken(Token, ack: true);
        hec.AckDelay = Timeout.InfiniteTimeSpan;
        using var http = new HttpClient();
        await using var sink = Sink(hec, http, o => o with
        {
            UseAck = true, AckTimeout = TimeSpan.FromSeconds(1), AckPollInterval = TimeSpan.FromMilliseconds(100),
        });

        var result = await sink.SendAsync(new ExportBatch([Item(1)]), Cancel);

        result.Outcome.ShouldBe(SinkOutcome.Retryable);
        result.Error!.ShouldContain("not acknowledged within 1 s");
        hec.AckPolls.ShouldBeGreaterThan(1);
    }

    [Fact]
    public async Task Ack_asked_of_a_token_without_acknowledgement_is_permanent()
    {
        await using var hec = await HecReceiver.StartAsync(Cancel);
        hec.AddToken(Token, ack: false);
        using var http = new HttpClient();
        await using var sink = Sink(hec, http, o => o with { UseAck = true });

        var result = await sink.SendAsync(new ExportBatch([Item(1)]), Cancel);

        result.Outcome.ShouldBe(SinkOutcome.Permanent);
        result.Error!.ShouldContain("indexer acknowledgement is off");
    }

    [Fact]
    public async Task Unknown_token_is_permanent_with_code_4_and_the_error_never_shows_the_token()
    {
        await using var hec = await HecReceiver.StartAsync(Cancel);
        hec.AddToken(Token);
        using var http = new HttpClient();
        const string wrong = "0badc0de-0000-4000-8000-000000000000";
        await using var sink = Sink(hec, http, o => o with { Token = wrong });

        var result = await sink.SendAsync(new ExportBatch([Item(1)]), Cancel);

        result.Outcome.ShouldBe(SinkOutcome.Permanent);
        result.StatusCode.ShouldBe(403);
        result.Error.ShouldBe("HEC 403 code 4: Invalid token.");
        result.Error!.ShouldNotContain(wrong);
        hec.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task Disabled_token_is_permanent_with_code_1()
    {
        await using var hec = await HecReceiver.StartAsync(Cancel);
        hec.AddToken(Token);
        hec.DisableToken(Token);
        using var http = new HttpClient();
        await using var sink = Sink(hec, http);

        var result = await sink.SendAsync(new ExportBatch([Item(1)]), Cancel);

        result.Outcome.ShouldBe(SinkOutcome.Permanent);
        result.Error.ShouldBe("HEC 403 code 1: Token disabled.");
        result.Error!.ShouldNotContain(Token);
    }

    [Fact]
    public async Task Index_outside_the_token_allowed_indexes_is_permanent_with_code_7()
    {
        await using var hec = await HecReceiver.StartAsync(Cancel);
        hec.AddToken(Token, indexes: ["main"]);
        using var http = new HttpClient();
        await using var sink = Sink(hec, http, o => o with { Index = "docket" });

        var result = await sink.SendAsync(new ExportBatch([Item(1), Item(2)]), Cancel);

        result.Outcome.ShouldBe(SinkOutcome.Permanent);
        result.StatusCode.ShouldBe(400);
        result.Error.ShouldStartWith("HEC 400 code 7: Incorrect index (event 0 of the batch, sequence 1)");
        hec.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task Busy_collector_is_retryable_and_the_next_attempt_delivers()
    {
        await using var hec = await HecReceiver.StartAsync(Cancel);
        hec.AddToken(Token);
        hec.BusyFor(1);
        using var http = new HttpClient();
        await using var sink = Sink(hec, http);
        var batch = new ExportBatch([Item(1)]);

        var busy = await sink.SendAsync(batch, Cancel);
        var retried = await sink.SendAsync(batch, Cancel);

        busy.Outcome.ShouldBe(SinkOutcome.Retryable);
        busy.StatusCode.ShouldBe(503);
        busy.Error.ShouldBe("HEC 503 code 9: Server is busy.");
        retried.Outcome.ShouldBe(SinkOutcome.Delivered, retried.Error);
        hec.Events.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Stopped_collector_is_retryable()
    {
        var hec = await HecReceiver.StartAsync(Cancel);
        hec.AddToken(Token);
        using var http = new HttpClient();
        await using var sink = Sink(hec, http);
        await hec.StopAsync();

        var result = await sink.SendAsync(new ExportBatch([Item(1)]), Cancel);

        result.Outcome.ShouldBe(SinkOutcome.Retryable);
        result.Error.ShouldStartWith($"HEC http://{hec.BaseAddress.Authority}: ");
        result.Error!.ShouldNotContain(Token);
    }

    [Fact]
    public async Task Collector_that_hangs_up_without_answering_is_retryable()
    {
        await using var hec = await HecReceiver.StartAsync(Cancel);
        hec.AddToken(Token);
        hec.Down = true;
        using var http = new HttpClient();
        await using var sink = Sink(hec, http);

        var result = await sink.SendAsync(new ExportBatch([Item(1)]), Cancel);

        result.Outcome.ShouldBe(SinkOutcome.Retryable);
        hec.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task Envelope_that_is_not_json_is_permanent_and_nothing_is_sent()
    {
        await using var hec = await HecReceiver.StartAsync(Cancel);
        hec.AddToken(Token);
        using var http = new HttpClient();
        await using var sink = Sink(hec, http);

        var result = await sink.SendAsync(new ExportBatch([Item(1), Item(2) with { Utf8Json = "{\"body\":"u8.ToArray() }]), Cancel);

        result.Outcome.ShouldBe(SinkOutcome.Permanent);
        result.Error!.ShouldContain("event 2 is not valid JSON");
        hec.EventRequests.ShouldBe(0);
    }

    [Fact]
    public async Task Health_endpoint_says_healthy_then_queues_full_then_unreachable()
    {
        var hec = await HecReceiver.StartAsync(Cancel);
        hec.AddToken(Token);
        using var http = new HttpClient();
        await using var sink = Sink(hec, http);

        (await sink.IsHealthyAsync(Cancel)).ShouldBeTrue();
        hec.Healthy = false;
        (await sink.IsHealthyAsync(Cancel)).ShouldBeFalse();
        hec.Healthy = true;
        await hec.StopAsync();
        (await sink.IsHealthyAsync(Cancel)).ShouldBeFalse();
    }

    /// <summary>The same healthy collector answers the known token healthy and refuses the unknown one: only the token tells them apart.</summary>
    [Fact]
    public async Task Health_endpoint_refuses_an_unknown_token()
    {
        await using var hec = await HecReceiver.StartAsync(Cancel);
        hec.AddToken(Token);
        using var http = new HttpClient();
        await using var known = Sink(hec, http);
        await using var unknown = Sink(hec, http, o => o with { Token = "not-a-known-token" });

        (await known.IsHealthyAsync(Cancel)).ShouldBeTrue();
        (await unknown.IsHealthyAsync(Cancel)).ShouldBeFalse();

        // The second answer was the collector's refusal of the token (HEC code 21), not a failure to ask.
        hec.HealthAnswers.ShouldBe([17, 21]);
    }

    [Theory]
    [InlineData("https://splunk.example:8088", null, true)]
    [InlineData("http://127.0.0.1:8088/", null, true)]
    [InlineData("http://splunk.example:8088", null, false)]
    [InlineData("https://splunk.example:8088/services/collector/event", null, false)]
    [InlineData("https://splunk.example:8088/?token=x", null, false)]
    [InlineData("https://splunk.example:8088", "Main", false)]
    [InlineData("https://splunk.example:8088", "_internal", false)]
    [InlineData("https://splunk.example:8088", "docket_audit-2", true)]
    public void Options_take_only_a_collector_base_address_and_a_splunk_index_name(string url, string? index, bool valid)
    {
        var options = new SplunkHecSinkOptions { Url = new Uri(url), Token = Token, Index = index };
        var results = new List<ValidationResult>();

        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true).ShouldBe(valid, string.Join(" ", results));
    }

    /// <summary>The receiver's side of the protocol that the sink never provokes, checked with raw requests.</summary>
    [Theory]
    [InlineData(null, null, false, "{\"event\":{}}", 401, 2)]
    [InlineData("Bearer " + Token, null, false, "{\"event\":{}}", 401, 3)]
    [InlineData("Splunk " + Token, null, false, "", 400, 5)]
    [InlineData("Splunk " + Token, null, false, "{\"event\":{}}{\"event\":", 400, 6)]
    [InlineData("Splunk " + Token, null, false, "{\"event\":{}} 42", 400, 6)]
    [InlineData("Splunk " + Token, null, false, "{\"event\":{}}{\"time\":1}", 400, 12)]
    [InlineData("Splunk " + Token, null, false, "{\"event\":\"\"}", 400, 13)]
    [InlineData("Splunk " + Token, null, false, "{\"event\":{},\"fields\":{\"a\":{\"b\":1}}}", 400, 15)]
    [InlineData("Splunk " + Token, null, true, "{\"event\":{}}", 400, 10)]
    [InlineData("Splunk " + Token, "not-a-guid", true, "{\"event\":{}}", 400, 11)]
    [InlineData("Splunk " + Token, "6a1c3f3e-8d4b-4d1e-9f7a-2b5c8e0d1f43", false, "{\"event\":{}}{\"event\":\"x\"}\n{\"event\":[1]}", 200, 0)]
    public async Task Receiver_answers_each_documented_refusal(string? authorization, string? channel, bool ack, string body, int status, int code)
    {
        await using var hec = await HecReceiver.StartAsync(Cancel);
        hec.AddToken(Token, ack: ack);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(hec.BaseAddress, SplunkHecSink.EventPath)) { Content = new StringContent(body) };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (channel is not null)
        {
            request.Headers.Add(HecReceiver.ChannelHeader, channel);
        }

        using var response = await http.SendAsync(request, Cancel);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));

        ((int)response.StatusCode).ShouldBe(status);
        answer.RootElement.GetProperty("code").GetInt32().ShouldBe(code);
        hec.Events.Count.ShouldBe(code == 0 ? 3 : 0);
    }

    [Fact]
    public async Task Receiver_acks_by_channel_and_forgets_an_ack_once_reported()
    {
        await using var hec = await HecReceiver.StartAsync(Cancel);
        hec.AddToken(Token, ack: true);
        hec.AddToken("no-ack-token");
        using var http = new HttpClient();
        var channel = Guid.NewGuid().ToString();

        var first = await PostAsync(http, hec, SplunkHecSink.EventPath, Token, channel, "{\"event\":\"a\"}", gzip: true);
        var second = await PostAsync(http, hec, SplunkHecSink.EventPath, Token, channel, "{\"event\":\"b\"}", gzip: false);
        var acks = await PostAsync(http, hec, SplunkHecSink.AckPath, Token, channel, "{\"acks\":[0,1,7]}", gzip: false);
        var again = await PostAsync(http, hec, SplunkHecSink.AckPath, Token, channel, "{\"acks\":[0]}", gzip: false);
        var disabled = await PostAsync(http, hec, SplunkHecSink.AckPath, "no-ack-token", channel, "{\"acks\":[0]}", gzip: false);

        first.ShouldBe("""{"text":"Success","code":0,"ackId":0}""");
        second.ShouldBe("""{"text":"Success","code":0,"ackId":1}""");
        acks.ShouldBe("""{"acks":{"0":true,"1":true,"7":false}}""");
        again.ShouldBe("""{"acks":{"0":false}}""");
        disabled.ShouldBe("""{"text":"ACK is disabled","code":14}""");
        hec.Events.Select(e => (e.Event.GetString(), e.Gzipped)).ShouldBe([("a", true), ("b", false)]);
    }

    private static async Task<string> PostAsync(HttpClient http, HecReceiver hec, string path, string token, string channel, string body, bool gzip)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        if (gzip)
        {
            using var compressed = new MemoryStream();
            await using (var zip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                await zip.WriteAsync(bytes, Cancel);
            }

            bytes = compressed.ToArray();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(hec.BaseAddress, path)) { Content = new ByteArrayContent(bytes) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Splunk", token);
        request.Headers.Add(HecReceiver.ChannelHeader, channel);
        if (gzip)
        {
            request.Content.Headers.ContentEncoding.Add("gzip");
        }

        using var response = await http.SendAsync(request, Cancel);
        return await response.Content.ReadAsStringAsync(Cancel);
    }

    private static SplunkHecSink Sink(HecReceiver hec, HttpClient http, Func<Settings, Settings>? change = null)
    {
        var settings = (change ?? (s => s))(new Settings(Token));
        var options = new SplunkHecSinkOptions
        {
            Url = hec.BaseAddress,
            Token = settings.Token,
            Index = settings.Index,
            Host = settings.Host,
            Source = settings.Source,
            SourceType = settings.SourceType,
            UseAck = settings.UseAck,
            Gzip = settings.Gzip,
            RequestTimeout = TimeSpan.FromSeconds(10),
            AckTimeout = settings.AckTimeout,
            AckPollInterval = settings.AckPollInterval,
        };
        return new SplunkHecSink(options, http, TimeProvider.System, NullLogger<SplunkHecSink>.Instance);
    }

    private static ExportItem Item(long sequence) => new()
    {
        Sequence = sequence,
        Id = Guid.NewGuid(),
        Code = 3001,
        Name = "ProjectCreated",
        Class = sequence % 2 == 0 ? EventClass.SecurityIncident : EventClass.Information,
        EventType = "project.created",
        Timestamp = Start.AddMilliseconds(sequence * 37),
        NodeId = "node-a",
        TenantName = "acme",
        Utf8Json = Encoding.UTF8.GetBytes($$"""{"body":{"Project":{"Name":"Счета № {{sequence}}"},"EventType":"project.created"},"x-opt-sequence-number":{{sequence}}}"""),
    };

    /// <summary>The options a test changes, as a record so that <c>with</c> can set them (the options class is init-only and sealed).</summary>
    private sealed record Settings(string Token)
    {
        public string? Index { get; init; }
        public string? Host { get; init; }
        public string Source { get; init; } = "docket";
        public string SourceType { get; init; } = "docket:journal";
        public bool UseAck { get; init; }
        public bool Gzip { get; init; } = true;
        public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(10);
        public TimeSpan AckPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);
    }
}
