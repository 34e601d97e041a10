using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Docket.Events;

namespace Docket.Server.Export.Sinks;

/// <summary>
/// Sends each event as one RFC 5424 message whose MSG is the envelope JSON:
/// <c>&lt;PRI&gt;1 TIMESTAMP NODE APP - NAME [docket@32473 code=".." class=".." sequence=".." id=".." type=".." tenant=".."] BOM{envelope}</c>.
/// Severity follows the event's class (Information 6 info, Correction 5 notice, SecurityIncident 4 warning,
/// Error 3 err). Over TCP and TLS one connection stays open across batches; a batch is delivered once all its
/// bytes were written and flushed, and any failure drops the connection and asks for a retry (at-least-once).
/// RFC 6587 has no acknowledgement, so a receiver that dies after reading may lose what it had not processed.
/// Only addresses <see cref="ExportDestinations"/> allows are dialled.
/// </summary>
public sealed partial class SyslogSink(SyslogSinkOptions options, ExportDestinations destinations, ILogger<SyslogSink> logger) : IExportSink
{
    /// <summary>SD-ID of Docket's parameters; 32473 is the enterprise number RFC 5612 reserves for documentation.</summary>
    public const string StructuredDataId = "docket@32473";

    private const int MaxHostName = 255;
    private const int MaxMessageId = 32;
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private Connection? connection;
    private Socket? datagrams;

    public async Task<SinkResult> SendAsync(ExportBatch batch, CancellationToken cancellationToken) =>
        options.Protocol == SyslogSinkOptions.Transport.Udp
            ? await SendDatagramsAsync(batch, cancellationToken)
            : await SendFramesAsync(batch, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
            connection = null;
        }

        datagrams?.Dispose();
        datagrams = null;
    }

    /// <summary>PRI for a facility and an event class: facility * 8 + severity.</summary>
    internal static int Priority(int facility, EventClass eventClass) => (facility * 8) + eventClass switch
    {
        EventClass.Error => 3,
        EventClass.SecurityIncident => 4,
        EventClass.Correction => 5,
        _ => 6,
    };

    /// <summary>
    /// One RFC 5424 message. When it would be longer than <paramref name="maxBytes"/>, MSG is cut to fit at a
    /// character boundary and the structured data says how long it was (<c>truncated="bytes"</c>).
    /// </summary>
    internal static byte[] Format(ExportItem item, SyslogSinkOptions options, int maxBytes, out bool truncated)
    {
        var message = item.Utf8Json.Span;
        var bom = options.Utf8Bom ? Bom : [];
        var head = Encoding.UTF8.GetBytes(Head(item, options, truncatedFrom: null));
        truncated = head.Length + bom.Length + message.Length > maxBytes;
        if (!truncated)
        {
            return [.. head, .. bom, .. message];
        }

        head = Encoding.UTF8.GetBytes(Head(item, options, truncatedFrom: message.Length));
        var room = Math.Max(0, maxBytes - head.Length - bom.Length);
        var cut = Math.Min(room, message.Length);
        // Never split a character: step back over UTF-8 continuation bytes (10xxxxxx).
        while (cut > 0 && cut < message.Length && (message[cut] & 0xC0) == 0x80)
        {
            cut--;
        }

        return [.. head, .. bom, .. message[..cut]];
    }

    /// <summary>Everything before MSG, its separating space included.</summary>
    private static string Head(ExportItem item, SyslogSinkOptions options, int? truncatedFrom)
    {
        var timestamp = item.Timestamp.Kind == DateTimeKind.Local ? item.Timestamp.ToUniversalTime() : item.Timestamp;
        var head = new StringBuilder(256)
            .Append('<').Append(Priority(options.Facility, item.Class).ToString(CultureInfo.InvariantCulture)).Append(">1 ")
            .Append(timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)).Append(' ')
            .Append(HeaderField(item.NodeId, MaxHostName)).Append(' ')
            .Append(HeaderField(options.AppName, 48)).Append(" - ")
            .Append(HeaderField(item.Name, MaxMessageId)).Append(' ')
            .Append('[').Append(StructuredDataId);
        Parameter(head, "code", item.Code.ToString(CultureInfo.InvariantCulture));
        Parameter(head, "class", item.Class.ToString());
        Parameter(head, "sequence", item.Sequence.ToString(CultureInfo.InvariantCulture));
        Parameter(head, "id", item.Id.ToString());
        Parameter(head, "type", item.EventType);
        if (item.TenantName is not null)
        {
            Parameter(head, "tenant", item.TenantName);
        }

        if (truncatedFrom is { } length)
        {
            Parameter(head, "truncated", length.ToString(CultureInfo.InvariantCulture));
        }

        return head.Append("] ").ToString();
    }

    /// <summary>RFC 5424 PARAM-VALUE: <c>"</c>, <c>\</c> and <c>]</c> escaped with a backslash.</summary>
    private static void Parameter(StringBuilder head, string name, string value)
    {
        head.Append(' ').Append(name).Append("=\"");
        foreach (var c in value)
        {
            if (c is '"' or '\\' or ']')
            {
                head.Append('\\');
            }

            head.Append(c);
        }

        head.Append('"');
    }

    /// <summary>HOSTNAME, APP-NAME and MSGID: printable US-ASCII only (others become <c>_</c>), bounded, <c>-</c> when empty.</summary>
    private static string HeaderField(string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "-";
        }

        var field = new StringBuilder(Math.Min(value.Length, maxLength));
        foreach (var c in value.AsSpan(0, Math.Min(value.Length, maxLength)))
        {
            field.Append(c is >= '!' and <= '~' ? c : '_');
        }

        return field.ToString();
    }

    private async Task<SinkResult> SendFramesAsync(ExportBatch batch, CancellationToken cancellationToken)
    {
        // RFC 6587 octet counting: "LEN SP MSG" per message, all of the batch in one write.
        var frames = new ArrayBufferWriter<byte>(batch.Items.Sum(i => i.Utf8Json.Length + 320));
        foreach (var item in batch.Items)
        {
            var message = Format(item, options, int.MaxValue, out _);
            Encoding.ASCII.GetBytes(message.Length.ToString(CultureInfo.InvariantCulture) + " ", frames);
            frames.Write(message);
        }

        if (connection is { IsClosed: true })
        {
            await DropAsync("the receiver closed the connection");
        }

        if (connection is null)
        {
            var failure = await ConnectAsync(cancellationToken);
            if (failure is not null)
            {
                return failure;
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.SendTimeout);
        try
        {
            await connection!.Stream.WriteAsync(frames.WrittenMemory, timeout.Token);
            await connection.Stream.FlushAsync(timeout.Token);
            return SinkResult.Delivered;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await DropAsync("write timed out");
            return SinkResult.Retryable($"syslog {Endpoint}: writing the batch timed out after {options.SendTimeout.TotalSeconds:0.#} s; connection dropped.");
        }
        catch (OperationCanceledException)
        {
            // Part of the batch may be on the wire: the connection cannot carry another frame safely.
            await DropAsync("send cancelled");
            throw;
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            await DropAsync(exception.Message);
            return SinkResult.Retryable($"syslog {Endpoint}: write failed ({Describe(exception)}); connection dropped.");
        }
    }

    /// <summary>Opens the connection, or says why not: Retryable for network trouble, Permanent for TLS trust or configuration.</summary>
    private async Task<SinkResult?> ConnectAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        Socket? socket = null;
        Stream? stream = null;
        string? trustError = null;
        try
        {
            socket = await destinations.ConnectAsync(options.Host, options.Port, KeepAlive, timeout.Token);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (options.Protocol == SyslogSinkOptions.Transport.Tls)
            {
                var authorities = options.TlsCaCertificate is null ? null : options.LoadCaCertificates();
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                await tls.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = options.TlsServerName ?? options.Host,
                        RemoteCertificateValidationCallback = authorities is null
                            ? null
                            : (_, certificate, chain, errors) => Trusted(certificate, chain, errors, authorities, out trustError),
                    },
                    timeout.Token);
            }

            connection = new Connection(socket, stream);
            LogConnected(logger, Endpoint, options.Protocol);
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await CloseAsync(socket, stream);
            return exception switch
            {
                DestinationRefusedException => SinkResult.Permanent($"syslog {Endpoint}: {exception.Message}"),
                OperationCanceledException => SinkResult.Retryable($"syslog {Endpoint}: connecting timed out after {options.ConnectTimeout.TotalSeconds:0.#} s."),
                AuthenticationException => SinkResult.Permanent($"syslog {Endpoint}: TLS handshake failed: {trustError ?? exception.Message}"),
                CryptographicException => SinkResult.Permanent($"syslog {Endpoint}: TlsCaCertificate holds no usable PEM certificate."),
                _ => SinkResult.Retryable($"syslog {Endpoint}: cannot connect ({Describe(exception)})."),
            };
        }
        catch
        {
            await CloseAsync(socket, stream);
            throw;
        }
    }

    /// <summary>
    /// Keep-alive probes notice a receiver that vanished without closing (a host gone, a NAT entry dropped) while the
    /// connection is idle, so the next batch opens a new one instead of writing into the void.
    /// </summary>
    private static void KeepAlive(Socket socket)
    {
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 60);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 10);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
    }

    private static async Task CloseAsync(Socket? socket, Stream? stream)
    {
        if (stream is not null)
        {
            await stream.DisposeAsync();
        }

        socket?.Dispose();
    }

    /// <summary>The server's chain must end at one of the given CAs (and only those); its name is checked as usual.</summary>
    private static bool Trusted(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors, X509Certificate2Collection authorities, out string? error)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            error = "the server sent no certificate.";
            return false;
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            error = "the server's certificate does not carry the expected name (set TlsServerName to the name it carries).";
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        var leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
        if (chain.Build(leaf))
        {
            error = null;
            return true;
        }

        error = "the server's certificate is not issued by TlsCaCertificate's CA ("
            + string.Join(", ", chain.ChainStatus.Select(s => s.Status).Distinct()) + ").";
        return false;
    }

    private async Task<SinkResult> SendDatagramsAsync(ExportBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            if (datagrams is null)
            {
                var addresses = await destinations.ResolveAsync(options.Host, cancellationToken);
                var socket = new Socket(addresses[0].AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                // Connected, so an ICMP "port unreachable" from an earlier datagram fails a later send.
                socket.Connect(new IPEndPoint(addresses[0], options.Port));
                datagrams = socket;
            }

            foreach (var item in batch.Items)
            {
                var message = Format(item, options, options.MaxDatagramBytes, out var truncated);
                if (truncated)
                {
                    LogTruncated(logger, item.Sequence, options.MaxDatagramBytes);
                }

                await datagrams.SendAsync(message, SocketFlags.None, cancellationToken);
            }

            return SinkResult.Delivered;
        }
        catch (DestinationRefusedException exception)
        {
            return SinkResult.Permanent($"syslog {Endpoint}: {exception.Message}");
        }
        catch (SocketException exception)
        {
            datagrams?.Dispose();
            datagrams = null;
            return SinkResult.Retryable($"syslog {Endpoint}: send failed ({Describe(exception)}).");
        }
    }

    private async Task DropAsync(string reason)
    {
        if (connection is null)
        {
            return;
        }

        LogDropped(logger, Endpoint, reason);
        await connection.DisposeAsync();
        connection = null;
    }

    private string Endpoint => $"{options.Protocol.ToString().ToLowerInvariant()}://{options.Host}:{options.Port}";

    private static string Describe(Exception exception) =>
        (exception as SocketException ?? exception.InnerException as SocketException) is { } socket
            ? $"{socket.SocketErrorCode}: {socket.Message}"
            : exception.Message;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Syslog sink connected to {Endpoint} over {Protocol}")]
    private static partial void LogConnected(ILogger logger, string endpoint, SyslogSinkOptions.Transport protocol);

    [LoggerMessage(Level = LogLevel.Information, Message = "Syslog sink dropped its connection to {Endpoint}: {Reason}")]
    private static partial void LogDropped(ILogger logger, string endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Syslog sink truncated event {Sequence} to the {MaxBytes} bytes of one datagram")]
    private static partial void LogTruncated(ILogger logger, long sequence, int maxBytes);

    /// <summary>
    /// An open connection and a reader that drains it: syslog receivers never send, so anything but TLS
    /// housekeeping means the peer is closing. The reader notices a close before the next batch is written.
    /// </summary>
    private sealed class Connection : IAsyncDisposable
    {
        private readonly Socket socket;
        private readonly CancellationTokenSource stop = new();
        private readonly Task reader;
        private volatile bool closed;

        public Connection(Socket socket, Stream stream)
        {
            this.socket = socket;
            Stream = stream;
            reader = Task.Run(DrainAsync, CancellationToken.None);
        }

        public Stream Stream { get; }

        /// <summary>
        /// The reader's verdict, or the kernel's own when the reader has not run yet: a socket that is readable with
        /// nothing to read has seen the peer's FIN or RST.
        /// </summary>
        public bool IsClosed
        {
            get
            {
                try
                {
                    return closed || !socket.Connected || (socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0);
                }
                catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
                {
                    return true;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            closed = true;
            await stop.CancelAsync();
            await Stream.DisposeAsync();
            socket.Dispose();
            try
            {
                await reader;
            }
            catch (Exception)
            {
                // The reader ends with the stream; how it ended no longer matters.
            }

            stop.Dispose();
        }

        private async Task DrainAsync()
        {
            var buffer = new byte[512];
            try
            {
                while (await Stream.ReadAsync(buffer, stop.Token) > 0)
                {
                }
            }
            catch (Exception)
            {
                // A reset or a cancelled read: either way the connection is done.
            }

            closed = true;
        }
    }
}
