using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Net;
using System.Text.Json;
using System.Text;
using Docket.Contracts.Export;
using Docket.Events;
using Docket.Server.Export.Sinks;
using Docket.Server.Export;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Export;

/// <summary>
/// The syslog sink against Debian's rsyslogd, started by scripts/test-rsyslog.sh (plain TCP, UDP and TLS inputs,
/// every message written with its parsed RFC 5424 parts to one file). Each test marks its messages with its own
/// HOSTNAME (the node id) and reads back only those.
/// </summary>
public sealed class SyslogSinkTests
{
    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Tcp_batch_reaches_rsyslog_in_order_with_its_header_structured_data_and_the_exact_envelope()
    {
        var node = Marker();
        var items = new[]
        {
            Item(node, 101, EventClass.Information, "ProjectCreated", tenant: "acme"),
            Item(node, 102, EventClass.SecurityIncident, "LoginUserUnauthorized", tenant: "we \"quote\" [brackets] and \\ slashes"),
            Item(node, 103, EventClass.Error, "InferenceProcessFailedBecauseTheAgentWentAway", tenant: null),
            Item(node, 104, EventClass.Correction, "MarkingCorrected", tenant: "Счета"),
        };
        await using var sink = Sink(SyslogSinkOptions.Transport.Tcp, Environment("DOCKET_TEST_SYSLOG_TCP"));

        var result = await sink.SendAsync(new ExportBatch(items), TestContext.Current.CancellationToken);

        result.Outcome.ShouldBe(SinkOutcome.Delivered, result.Error);
        var received = await ReceivedAsync(node, items.Length);
        received.Select(r => r.Sequence).ShouldBe([101, 102, 103, 104]);
        for (var i = 0; i < items.Length; i++)
        {
            var line = received[i];
            var item = items[i];
            line.Input.ShouldBe("tcp");
            line.Pri.ShouldBe((16 * 8) + item.Class switch
            {
                EventClass.Information => 6,
                EventClass.Correction => 5,
                EventClass.SecurityIncident => 4,
                _ => 3,
            });
            line.Version.ShouldBe("1");
            line.Timestamp.ShouldBe(item.Timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
            line.Hostname.ShouldBe(node);
            line.AppName.ShouldBe("docket");
            line.ProcId.ShouldBe("-");
            line.MsgId.ShouldBe(item.Name.Length > 32 ? item.Name[..32] : item.Name);
            line.StructuredData.ShouldBe(ExpectedStructuredData(item));
            line.Msg.ShouldBe("\uFEFF" + item.Json);
        }
    }

    [Fact]
    public async Task Udp_batch_reaches_rsyslog_and_without_the_bom_msg_is_the_envelope_alone()
    {
        var node = Marker();
        var items = Enumerable.Range(1, 5).Select(i => Item(node, 200 + i, EventClass.Information, "ImageDataUploaded", tenant: "acme")).ToArray();
        await using var sink = Sink(SyslogSinkOptions.Transport.Udp, Environment("DOCKET_TEST_SYSLOG_UDP"), o => new SyslogSinkOptions
        {
            Host = o.Host, Port = o.Port, Protocol = o.Protocol, Utf8Bom = false, Facility = 1,
        });

        var result = await sink.SendAsync(new ExportBatch(items), TestContext.Current.CancellationToken);

        result.Outcome.ShouldBe(SinkOutcome.Delivered, result.Error);
        var received = await ReceivedAsync(node, items.Length);
        received.Select(r => r.Input).Distinct().ShouldBe(["udp"]);
        received.Select(r => r.Msg).ShouldBe(items.Select(i => i.Json));
        received.Select(r => r.Pri).Distinct().ShouldBe([(1 * 8) + 6]);
    }

    [Fact]
    public async Task Udp_message_longer_than_MaxDatagramBytes_is_cut_at_a_character_and_marked_truncated()
    {
        var node = Marker();
        var big = Item(node, 301, EventClass.Information, "DataSetImported", tenant: null, text: string.Concat(Enumerable.Repeat("Счёт-фактура ", 400)));
        var small = Item(node, 302, EventClass.Information, "DataSetImported", tenant: null);
        await using var sink = Sink(SyslogSinkOptions.Transport.Udp, Environment("DOCKET_TEST_SYSLOG_UDP"), o => new SyslogSinkOptions
        {
            Host = o.Host, Port = o.Port, Protocol = o.Protocol, MaxDatagramBytes = 2048,
        });

        var result = await sink.SendAsync(new ExportBatch([big, small]), TestContext.Current.CancellationToken);

        result.Outcome.ShouldBe(SinkOutcome.Delivered, result.Error);
        var received = await ReceivedAsync(node, 2);
        var fullBytes = Encoding.UTF8.GetByteCount(big.Json);
        received[0].StructuredData.ShouldEndWith($" truncated=\"{fullBytes}\"]");
        Encoding.UTF8.GetByteCount(received[0].Raw).ShouldBeLessThanOrEqualTo(2048);
        received[0].Msg.Length.ShouldBeGreaterThan(1000);
        ("\uFEFF" + big.Json).ShouldStartWith(received[0].Msg);
        received[0].Msg.ShouldNotContain("\uFFFD");
        received[1].StructuredData.ShouldNotContain("truncated");
        received[1].Msg.ShouldBe("\uFEFF" + small.Json);
    }

    [Fact]
    public async Task Tls_batch_reaches_rsyslog_when_the_subscription_trusts_its_CA_certificate()
    {
        var node = Marker();
        var items = new[] { Item(node, 401, EventClass.SecurityIncident, "UserLockedOut", tenant: "acme"), Item(node, 402, EventClass.Information, "UserCreated", tenant: "acme") };
        await using var sink = Sink(SyslogSinkOptions.Transport.Tls, Environment("DOCKET_TEST_SYSLOG_TLS"), o => new SyslogSinkOptions
        {
            Host = o.Host, Port = o.Port, Protocol = o.Protocol, TlsServerName = "localhost", TlsCaCertificate = CaCertificate(),
        });

        var first = await sink.SendAsync(new ExportBatch([items[0]]), TestContext.Current.CancellationToken);
        var second = await sink.SendAsync(new ExportBatch([items[1]]), TestContext.Current.CancellationToken);

        first.Outcome.ShouldBe(SinkOutcome.Delivered, first.Error);
        second.Outcome.ShouldBe(SinkOutcome.Delivered, second.Error);
        var received = await ReceivedAsync(node, 2);
        received.Select(r => r.Input).Distinct().ShouldBe(["tls"]);
        received.Select(r => r.Msg).ShouldBe(items.Select(i => "\uFEFF" + i.Json));
        received[0].StructuredData.ShouldBe(ExpectedStructuredData(items[0]));
    }

    [Fact]
    public async Task Tls_to_a_certificate_outside_the_trusted_CAs_or_with_another_name_is_permanent()
    {
        var port = Environment("DOCKET_TEST_SYSLOG_TLS");
        await using var systemTrust = Sink(SyslogSinkOptions.Transport.Tls, port, o => new SyslogSinkOptions
        {
            Host = o.Host, Port = o.Port, Protocol = o.Protocol, TlsServerName = "localhost",
        });
        await using var wrongName = Sink(SyslogSinkOptions.Transport.Tls, port, o => new SyslogSinkOptions
        {
            Host = o.Host, Port = o.Port, Protocol = o.Protocol, TlsServerName = "syslog.example.org", TlsCaCertificate = CaCertificate(),
        });
        var batch = new ExportBatch([Item(Marker(), 501, EventClass.Information, "UserCreated", tenant: null)]);

        var untrusted = await systemTrust.SendAsync(batch, TestContext.Current.CancellationToken);
        var mismatch = await wrongName.SendAsync(batch, TestContext.Current.CancellationToken);

        untrusted.Outcome.ShouldBe(SinkOutcome.Permanent);
        untrusted.Error.ShouldNotBeNull().ShouldContain("TLS handshake failed");
        mismatch.Outcome.ShouldBe(SinkOutcome.Permanent);
        mismatch.Error.ShouldNotBeNull().ShouldContain("TlsServerName");
    }

    [Fact]
    public async Task Closed_port_is_retryable()
    {
        var port = FreePort();
        await using var sink = Sink(SyslogSinkOptions.Transport.Tcp, port);

        var result = await sink.SendAsync(new ExportBatch([Item(Marker(), 601, EventClass.Information, "UserCreated", tenant: null)]), TestContext.Current.CancellationToken);

        result.Outcome.ShouldBe(SinkOutcome.Retryable);
        result.Error.ShouldNotBeNull().ShouldContain($"tcp://127.0.0.1:{port}");
        result.Error.ShouldContain("ConnectionRefused");
    }

    [Fact]
    public async Task Stopped_rsyslog_makes_the_batch_retryable_and_the_restarted_one_receives_it()
    {
        var node = Marker();
        var port = FreePort();
        var before = Item(node, 701, EventClass.Information, "UserCreated", tenant: null);
        var during = Item(node, 702, EventClass.Information, "UserChanged", tenant: null);
        await using var sink = Sink(SyslogSinkOptions.Transport.Tcp, port);
        await using var rsyslog = await PrivateRsyslog.StartAsync(port);

        (await sink.SendAsync(new ExportBatch([before]), TestContext.Current.CancellationToken)).Outcome.ShouldBe(SinkOutcome.Delivered);
        (await rsyslog.ReceivedAsync(node, 1)).Select(r => r.Sequence).ShouldBe([701]);
        await rsyslog.StopAsync();

        var whileDown = await sink.SendAsync(new ExportBatch([during]), TestContext.Current.CancellationToken);
        await rsyslog.RestartAsync();
        var retried = await sink.SendAsync(new ExportBatch([during]), TestContext.Current.CancellationToken);

        whileDown.Outcome.ShouldBe(SinkOutcome.Retryable);
        retried.Outcome.ShouldBe(SinkOutcome.Delivered, retried.Error);
        (await rsyslog.ReceivedAsync(node, 2)).Select(r => r.Sequence).ShouldBe([701, 702]);
    }

    [Fact]
    public async Task One_connection_carries_successive_batches_and_a_connection_the_receiver_closed_is_replaced()
    {
        await using var receiver = new FrameReceiver();
        await using var sink = Sink(SyslogSinkOptions.Transport.Tcp, receiver.Port);
        var node = Marker();

        for (var i = 0; i < 3; i++)
        {
            var result = await sink.SendAsync(new ExportBatch([Item(node, 800 + i, EventClass.Information, "UserCreated", tenant: null)]), TestContext.Current.CancellationToken);
            result.Outcome.ShouldBe(SinkOutcome.Delivered, result.Error);
        }

        await receiver.WaitForAsync(3);
        receiver.Connections.ShouldBe(1);

        receiver.CloseConnections();
        var afterClose = await sink.SendAsync(new ExportBatch([Item(node, 803, EventClass.Information, "UserCreated", tenant: null)]), TestContext.Current.CancellationToken);

        afterClose.Outcome.ShouldBe(SinkOutcome.Delivered, afterClose.Error);
        await receiver.WaitForAsync(4);
        receiver.Connections.ShouldBe(2);
        receiver.Frames.Select(f => f[(f.IndexOf("sequence=\"", StringComparison.Ordinal) + 10)..][..3]).ShouldBe(["800", "801", "802", "803"]);
    }

    [Fact]
    public void Options_are_checked_before_they_are_stored()
    {
        var definition = new SinkDefinition<SyslogSinkOptions>(SinkKind.Syslog, (_, o, _) => new SyslogSink(o, ExportDestinations.Default, NullLogger<SyslogSink>.Instance));

        definition.Validate("""{"host":"siem.example.org","port":6514,"protocol":"Tls","tlsServerName":"siem"}""").ShouldBeNull();
        definition.Validate("""{"host":"siem.example.org","port":514}""").ShouldBeNull();
        definition.Validate("""{"host":"siem.example.org","port":70000}""").ShouldNotBeNull().ShouldContain("Port");
        definition.Validate("""{"host":"siem.example.org","port":514,"facility":24}""").ShouldNotBeNull().ShouldContain("Facility");
        definition.Validate("""{"host":"siem.example.org","port":514,"appName":"has space"}""").ShouldNotBeNull().ShouldContain("AppName");
        definition.Validate("""{"host":"siem.example.org","port":514,"protocol":"Udp","tlsServerName":"siem"}""").ShouldNotBeNull().ShouldContain("Tls protocol only");
        // A path on the server's disk is no setting: the CA certificate is sent as its PEM content.
        definition.Validate("""{"host":"siem.example.org","port":6514,"protocol":"Tls","tlsCaCertificateFile":"/etc/passwd"}""").ShouldNotBeNull().ShouldContain("tlsCaCertificateFile");
        definition.Validate("""{"host":"siem.example.org","port":6514,"protocol":"Tls","tlsCaCertificate":"/etc/passwd"}""").ShouldNotBeNull().ShouldContain("PEM");
        definition.Validate("""{"host":"siem.example.org","port":514,"protocol":"Udp","maxDatagramBytes":100}""").ShouldNotBeNull().ShouldContain("MaxDatagramBytes");
    }

    private static SyslogSink Sink(SyslogSinkOptions.Transport protocol, int port, Func<SyslogSinkOptions, SyslogSinkOptions>? adjust = null)
    {
        var options = new SyslogSinkOptions { Host = "127.0.0.1", Port = port, Protocol = protocol, ConnectTimeout = TimeSpan.FromSeconds(5), SendTimeout = TimeSpan.FromSeconds(5) };
        return new SyslogSink(adjust is null ? options : adjust(options), ExportDestinations.Default, NullLogger<SyslogSink>.Instance);
    }

    private static ExportItem Item(string node, long sequence, EventClass eventClass, string name, string? tenant, string text = "события")
    {
        var id = Guid.CreateVersion7();
        var timestamp = new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc).AddTicks((sequence * 1_234_567) + 1);
        var envelope = new Dictionary<string, object?>
        {
            ["body"] = new Dictionary<string, object?>
            {
                ["Event"] = new Dictionary<string, object?> { ["note"] = "quote \" and ] inside" },
                ["EventType"] = "test." + name, ["Timestamp"] = timestamp, ["TenantName"] = tenant,
                ["Code"] = 90000 + (int)(sequence % 1000), ["Name"] = name, ["Class"] = eventClass.ToString(), ["Id"] = id,
                ["NodeId"] = node, ["Text"] = text,
            },
            ["x-opt-sequence-number"] = sequence,
        };
        return new ExportItem
        {
            Sequence = sequence, Id = id, Code = 90000 + (int)(sequence % 1000), Name = name, Class = eventClass, EventType = "test." + name,
            Timestamp = timestamp, NodeId = node, TenantName = tenant, Utf8Json = JsonSerializer.SerializeToUtf8Bytes(envelope),
        };
    }

    private static string ExpectedStructuredData(ExportItem item)
    {
        static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal);
        var tenant = item.TenantName is null ? "" : $" tenant=\"{Escape(item.TenantName)}\"";
        return $"[docket@32473 code=\"{item.Code}\" class=\"{item.Class}\" sequence=\"{item.Sequence}\" id=\"{item.Id}\" type=\"{item.EventType}\"{tenant}]";
    }

    private static string Marker() => "docket-test-" + Guid.NewGuid().ToString("N")[..12];

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static int Environment(string name) =>
        int.Parse(EnvironmentText(name), CultureInfo.InvariantCulture);

    /// <summary>The PEM text of the test rsyslogd's CA (scripts/test-rsyslog.sh names the file), as a subscription sends it.</summary>
    private static string CaCertificate() => File.ReadAllText(EnvironmentText("DOCKET_TEST_SYSLOG_CA"));

    private static string EnvironmentText(string name) =>
        System.Environment.GetEnvironmentVariable(name)
        ?? throw new InvalidOperationException($"{name} is not set: run the suite with scripts/test.sh, which starts a private rsyslogd (scripts/test-rsyslog.sh) and sets it.");

    private static Task<IReadOnlyList<Received>> ReceivedAsync(string node, int count) =>
        ReadUntilAsync(EnvironmentText("DOCKET_TEST_SYSLOG_FILE"), node, count);

    /// <summary>Waits (bounded) until rsyslog wrote <paramref name="count"/> messages from this node, then parses them.</summary>
    private static async Task<IReadOnlyList<Received>> ReadUntilAsync(string file, string node, int count)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var lines = new List<Received>();
            if (File.Exists(file))
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
                while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
                {
                    if (line.Contains(node, StringComparison.Ordinal) && line.EndsWith('}'))
                    {
                        var parsed = Received.Parse(line);
                        if (parsed.Hostname == node)
                        {
                            lines.Add(parsed);
                        }
                    }
                }
            }

            if (lines.Count >= count)
            {
                lines.Count.ShouldBe(count, "rsyslog wrote more messages of this test than it sent");
                return lines;
            }

            if (deadline.Elapsed > ArrivalTimeout)
            {
                throw new TimeoutException($"rsyslog wrote {lines.Count} of {count} messages from {node} to {file} within {ArrivalTimeout.TotalSeconds} s.");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>One line of the rsyslog test template: the parsed RFC 5424 parts and the raw message.</summary>
    private sealed record Received(string Input, int Pri, string Version, string Timestamp, string Hostname, string AppName, string ProcId, string MsgId, string StructuredData, string Msg, string Raw)
    {
        public long Sequence
        {
            get
            {
                var start = StructuredData.IndexOf("sequence=\"", StringComparison.Ordinal) + 10;
                return long.Parse(StructuredData[start..StructuredData.IndexOf('"', start)], CultureInfo.InvariantCulture);
            }
        }

        public static Received Parse(string line)
        {
            using var json = JsonDocument.Parse(line);
            string Text(string name) => json.RootElement.GetProperty(name).GetString() ?? "";
            return new Received(
                Text("input"), int.Parse(Text("pri"), CultureInfo.InvariantCulture), Text("protocolVersion"), Text("timestamp"), Text("hostname"),
                Text("appName"), Text("procId"), Text("msgId"), Text("structuredData"), Text("msg"), Text("raw"));
        }
    }

    /// <summary>A second, throwaway rsyslogd (TCP only, its own port, config and file), for the test that stops it.</summary>
    private sealed class PrivateRsyslog : IAsyncDisposable
    {
        private const string Daemon = "/usr/sbin/rsyslogd";
        private readonly string directory = Path.Combine(Path.GetTempPath(), "docket-test-rsyslog", "private-" + Guid.NewGuid().ToString("N")[..8]);
        private readonly int port;
        private Process? process;

        private PrivateRsyslog(int port) => this.port = port;

        private string Messages => Path.Combine(directory, "messages.jsonl");

        public static async Task<PrivateRsyslog> StartAsync(int port)
        {
            if (!File.Exists(Daemon))
            {
                throw new InvalidOperationException($"{Daemon} is missing: run the suite with scripts/test.sh, which installs rsyslog (scripts/test-rsyslog.sh).");
            }

            // The shared instance's template, so Received.Parse reads both.
            var shared = await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(EnvironmentText("DOCKET_TEST_SYSLOG_FILE"))!, "rsyslog.conf"), TestContext.Current.CancellationToken);
            var template = shared[shared.IndexOf("template(", StringComparison.Ordinal)..shared.IndexOf("action(", StringComparison.Ordinal)];
            var rsyslog = new PrivateRsyslog(port);
            Directory.CreateDirectory(Path.Combine(rsyslog.directory, "work"));
            await File.WriteAllTextAsync(Path.Combine(rsyslog.directory, "rsyslog.conf"), $"""
                global(workDirectory="{rsyslog.directory}/work" maxMessageSize="256k")
                module(load="imtcp")
                input(type="imtcp" address="127.0.0.1" port="{port}" name="tcp")
                {template}
                action(type="omfile" file="{rsyslog.Messages}" template="docketTest" flushOnTXEnd="on" asyncWriting="off")
                """, TestContext.Current.CancellationToken);
            await rsyslog.RestartAsync();
            return rsyslog;
        }

        public async Task RestartAsync()
        {
            process = Process.Start(new ProcessStartInfo(Daemon, ["-n", "-f", Path.Combine(directory, "rsyslog.conf"), "-i", Path.Combine(directory, "rsyslogd.pid")])
            {
                UseShellExecute = false,
            })!;
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, port, TestContext.Current.CancellationToken);
                    return;
                }
                catch (SocketException) when (deadline.Elapsed < ArrivalTimeout && !process.HasExited)
                {
                    await Task.Delay(50, TestContext.Current.CancellationToken);
                }
            }
        }

        public async Task StopAsync()
        {
            if (process is { HasExited: false })
            {
                process.Kill();
                await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            process?.Dispose();
            process = null;
        }

        public Task<IReadOnlyList<Received>> ReceivedAsync(string node, int count) => ReadUntilAsync(Messages, node, count);

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A bare TCP receiver of RFC 6587 octet-counted frames that counts its connections and can close them.</summary>
    private sealed class FrameReceiver : IAsyncDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource stop = new();
        private readonly ConcurrentBag<TcpClient> open = [];
        private readonly ConcurrentQueue<string> frames = new();
        private readonly Task accepting;
        private int connections;

        public FrameReceiver()
        {
            listener.Start();
            accepting = AcceptAsync();
        }

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

        public int Connections => Volatile.Read(ref connections);

        public IReadOnlyList<string> Frames => [.. frames];

        public async Task WaitForAsync(int count)
        {
            var deadline = Stopwatch.StartNew();
            while (frames.Count < count)
            {
                deadline.Elapsed.ShouldBeLessThan(ArrivalTimeout, $"{frames.Count} of {count} frames arrived");
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }
        }

        /// <summary>Closes every accepted connection; the sink's next batch follows at once, with no time to notice by reading.</summary>
        public void CloseConnections()
        {
            while (open.TryTake(out var client))
            {
                client.Dispose();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            listener.Stop();
            CloseConnections();
            try
            {
                await accepting;
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }

            stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                Interlocked.Increment(ref connections);
                open.Add(client);
                _ = ReadFramesAsync(client);
            }
        }

        private async Task ReadFramesAsync(TcpClient client)
        {
            try
            {
                var stream = client.GetStream();
                var one = new byte[1];
                while (true)
                {
                    var length = 0;
                    while (true)
                    {
                        if (await stream.ReadAsync(one, stop.Token) == 0)
                        {
                            return;
                        }

                        if (one[0] == (byte)' ')
                        {
                            break;
                        }

                        length = (length * 10) + (one[0] - '0');
                    }

                    var message = new byte[length];
                    await stream.ReadExactlyAsync(message, stop.Token);
                    frames.Enqueue(Encoding.UTF8.GetString(message));
                }
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException or EndOfStreamException)
            {
                // The connection was closed by the test or by the sink.
            }
        }
    }
}
