using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Docket.Events;
using Docket.Server.Export;
using Docket.Server.Export.Sinks;
using Docket.Server.Tests.Infrastructure;
using Docket.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Export;

/// <summary>
/// Where sinks may connect: link-local and cloud metadata addresses are refused, also behind a DNS name, unless the
/// operator allow-lists them. The DNS answers come from a resolver the test gives (the only fake: no DNS server here
/// can be made to answer 169.254.169.254); the connections are real, to receivers on loopback.
/// </summary>
public sealed class ExportDestinationsTests(AllowedDestinationsServer server) : IClassFixture<AllowedDestinationsServer>
{
    private static readonly IPAddress Metadata = IPAddress.Parse("169.254.169.254");
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("169.254.169.254", true)]
    [InlineData("169.254.0.1", true)]
    [InlineData("[fe80::1]", true)]
    [InlineData("fe80::1%2", true)]
    [InlineData("100.100.100.200", true)]
    [InlineData("fd00:ec2::254", true)]
    [InlineData("168.63.129.16", true)]
    [InlineData("::ffff:169.254.169.254", true)]
    [InlineData("64:ff9b::a9fe:a9fe", true)]
    [InlineData("2852039166", true)]
    [InlineData("metadata.google.internal.", true)]
    [InlineData("Metadata.Goog", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("localhost", false)]
    [InlineData("10.0.0.7", false)]
    [InlineData("172.16.5.4", false)]
    [InlineData("192.168.1.20", false)]
    [InlineData("fd12:3456::1", false)]
    [InlineData("splunk.example.org", false)]
    public void Link_local_and_metadata_hosts_are_refused_loopback_and_private_ones_allowed(string host, bool refused)
    {
        var problem = ExportDestinations.Default.Check(host);

        if (refused)
        {
            problem.ShouldNotBeNull().ShouldContain("Export:AllowedDestinations");
        }
        else
        {
            problem.ShouldBeNull();
        }
    }

    [Fact]
    public async Task The_allow_list_takes_addresses_ranges_and_names()
    {
        var destinations = new ExportDestinations(["169.254.10.0/24", "fd00:ec2::254", "metadata.google.internal"], Resolver(("metadata.google.internal", [Metadata])));

        destinations.Check("169.254.10.9").ShouldBeNull();
        destinations.Check("169.254.11.9").ShouldNotBeNull();
        destinations.Check("[fd00:ec2::254]").ShouldBeNull();
        destinations.Check("metadata.google.internal").ShouldBeNull();
        (await destinations.ResolveAsync("metadata.google.internal", Cancellation)).ShouldBe([Metadata]);
        ExportDestinations.CheckEntry("10.0.0.0/8").ShouldBeNull();
        ExportDestinations.CheckEntry("siem.example.org").ShouldBeNull();
        ExportDestinations.CheckEntry("not a host/99").ShouldNotBeNull();
    }

    [Fact]
    public async Task A_name_that_resolves_to_a_metadata_address_is_refused_and_of_a_mixed_answer_only_the_allowed_address_is_dialled()
    {
        var destinations = new ExportDestinations([], Resolver(("metadata.test", [Metadata]), ("mixed.test", [Metadata, IPAddress.Loopback])));

        var refused = await Should.ThrowAsync<DestinationRefusedException>(() => destinations.ResolveAsync("metadata.test", Cancellation));
        refused.Message.ShouldContain("Export:AllowedDestinations");
        (await destinations.ResolveAsync("mixed.test", Cancellation)).ShouldBe([IPAddress.Loopback]);
    }

    [Fact]
    public async Task A_webhook_to_a_name_that_resolves_to_a_metadata_address_fails_permanently_without_connecting()
    {
        var destinations = new ExportDestinations([], Resolver(("metadata.test", [Metadata])));
        await using var sink = new WebhookSink(
            new WebhookSinkOptions { Url = new Uri("http://metadata.test/latest/meta-data/"), Secret = "whsec-0123456789abcdef", Timeout = TimeSpan.FromSeconds(5) },
            destinations, TimeProvider.System, NullLogger<WebhookSink>.Instance);

        var result = await sink.SendAsync(Batch(), Cancellation);

        result.Outcome.ShouldBe(SinkOutcome.Permanent, result.Error);
        result.Error.ShouldNotBeNull().ShouldContain("link-local or cloud metadata");
    }

    [Fact]
    public async Task A_HEC_collector_behind_a_name_that_resolves_to_a_metadata_address_fails_permanently_and_an_allowed_one_delivers()
    {
        await using var hec = await HecReceiver.StartAsync(Cancellation);
        hec.AddToken("hec-token", indexes: ["docket"]);
        var destinations = new ExportDestinations([], Resolver(("metadata.test", [Metadata]), ("collector.test", [IPAddress.Loopback])));
        using var http = new HttpClient(destinations.CreateHandler());

        var refused = await Hec(http, new Uri($"http://metadata.test:{hec.BaseAddress.Port}/")).SendAsync(Batch(), Cancellation);
        var delivered = await Hec(http, new Uri($"http://collector.test:{hec.BaseAddress.Port}/")).SendAsync(Batch(), Cancellation);

        refused.Outcome.ShouldBe(SinkOutcome.Permanent, refused.Error);
        refused.Error.ShouldNotBeNull().ShouldContain("link-local or cloud metadata");
        refused.Error.ShouldNotContain("hec-token");
        delivered.Outcome.ShouldBe(SinkOutcome.Delivered, delivered.Error);
        hec.Events.Count.ShouldBe(1);
    }

    [Theory]
    [InlineData(SyslogSinkOptions.Transport.Tcp)]
    [InlineData(SyslogSinkOptions.Transport.Udp)]
    public async Task A_syslog_host_that_resolves_to_a_metadata_address_fails_permanently_and_an_allowed_one_delivers(SyslogSinkOptions.Transport protocol)
    {
        using var tcp = new TcpListener(IPAddress.Loopback, 0);
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        tcp.Start();
        var port = protocol == SyslogSinkOptions.Transport.Tcp ? ((IPEndPoint)tcp.LocalEndpoint).Port : ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
        var destinations = new ExportDestinations([], Resolver(("metadata.test", [Metadata]), ("siem.test", [IPAddress.Loopback])));
        await using var refusedSink = new SyslogSink(new SyslogSinkOptions { Host = "metadata.test", Port = port, Protocol = protocol }, destinations, NullLogger<SyslogSink>.Instance);
        await using var allowedSink = new SyslogSink(new SyslogSinkOptions { Host = "siem.test", Port = port, Protocol = protocol }, destinations, NullLogger<SyslogSink>.Instance);

        var refused = await refusedSink.SendAsync(Batch(), Cancellation);
        var delivered = await allowedSink.SendAsync(Batch(), Cancellation);

        refused.Outcome.ShouldBe(SinkOutcome.Permanent, refused.Error);
        refused.Error.ShouldNotBeNull().ShouldContain("link-local or cloud metadata");
        delivered.Outcome.ShouldBe(SinkOutcome.Delivered, delivered.Error);
        if (protocol == SyslogSinkOptions.Transport.Tcp)
        {
            using var accepted = await tcp.AcceptTcpClientAsync(Cancellation);
            var buffer = new byte[64];
            (await accepted.GetStream().ReadAsync(buffer, Cancellation)).ShouldBeGreaterThan(0);
        }
        else
        {
            (await udp.ReceiveAsync(Cancellation)).Buffer.Length.ShouldBeGreaterThan(0);
        }
    }

    [Fact]
    public async Task An_operator_may_allow_a_metadata_destination_in_Export_AllowedDestinations()
    {
        var tenant = await server.CreateTenantAsync();

        var allowed = await tenant.Admin.PostAsJsonAsync("/api/v1/export/subscriptions", Request("http://169.254.169.254/hook"), Cancellation);
        var other = await tenant.Admin.PostAsJsonAsync("/api/v1/export/subscriptions", Request("http://169.254.170.2/hook"), Cancellation);

        allowed.StatusCode.ShouldBe(HttpStatusCode.Created, await allowed.Content.ReadAsStringAsync(Cancellation));
        await other.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    private static object Request(string url) => new
    {
        name = "allowed " + Guid.NewGuid().ToString("N")[..8],
        sink = "Webhook",
        settings = new { url, secret = "whsec-0123456789abcdef", allowInsecureHttp = true },
        enabled = false,
    };

    private static SplunkHecSink Hec(HttpClient http, Uri url) => new(
        new SplunkHecSinkOptions { Url = url, Token = "hec-token", Index = "docket", RequestTimeout = TimeSpan.FromSeconds(5) },
        http, TimeProvider.System, NullLogger<SplunkHecSink>.Instance);

    /// <summary>A resolver that knows the given names and nothing else.</summary>
    private static Func<string, CancellationToken, Task<IPAddress[]>> Resolver(params (string Name, IPAddress[] Addresses)[] names) =>
        (name, _) => Task.FromResult(names.FirstOrDefault(n => n.Name == name).Addresses ?? throw new SocketException((int)SocketError.HostNotFound));

    private static ExportBatch Batch()
    {
        var id = Guid.CreateVersion7();
        var timestamp = new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);
        return new ExportBatch(
        [
            new ExportItem
            {
                Sequence = 1, Id = id, Code = 3000, Name = "ProjectCreated", Class = EventClass.Information, EventType = "project.ProjectCreated",
                Timestamp = timestamp, NodeId = "node-a", Utf8Json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { body = new { Id = id } })),
            },
        ]);
    }
}
