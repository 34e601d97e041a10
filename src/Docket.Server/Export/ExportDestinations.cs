using System.Net;
using System.Net.Sockets;

namespace Docket.Server.Export;

/// <summary>
/// Where sinks may connect. Link-local addresses and the cloud metadata services (169.254.0.0/16, fe80::/10,
/// 100.100.100.200, fd00:ec2::254, 168.63.129.16, metadata.google.internal...) hand out the server's own cloud
/// credentials to whoever asks from the machine, so a subscription may not name them unless the operator lists them in
/// <c>Export:AllowedDestinations</c> (a host name, an address or a CIDR range). The literal host is checked when settings
/// are stored; the addresses a name resolves to are checked at every connection, and only allowed ones are dialled, so a
/// DNS name pointing at a metadata address is refused too. Loopback and private addresses are allowed.
/// </summary>
public sealed class ExportDestinations
{
    private static readonly IPNetwork[] Refused =
    [
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("100.100.100.200/32"),
        IPNetwork.Parse("168.63.129.16/32"),
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("fd00:ec2::254/128"),
    ];

    /// <summary>Names of metadata services, refused before any lookup (they resolve to a refused address where they exist).</summary>
    private static readonly HashSet<string> RefusedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal",
    };

    /// <summary>NAT64's well-known prefix: the last four bytes are an IPv4 address a gateway would dial.</summary>
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    private readonly HashSet<string> allowedNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IPNetwork> allowedNetworks = [];
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> resolve;

    /// <param name="allowed">Host names, addresses or CIDR ranges (<see cref="ExportOptions.AllowedDestinations"/>).</param>
    /// <param name="resolve">Name resolution; DNS by default.</param>
    public ExportDestinations(IEnumerable<string> allowed, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        foreach (var entry in allowed)
        {
            if (TryParseNetwork(entry, out var network))
            {
                allowedNetworks.Add(network);
            }
            else
            {
                allowedNames.Add(Normalize(entry));
            }
        }

        this.resolve = resolve ?? Dns.GetHostAddressesAsync;
    }

    /// <summary>The defaults: nothing beyond them allowed, names resolved by DNS.</summary>
    public static ExportDestinations Default { get; } = new([]);

    /// <summary>Null when an allow-list entry is a host name, an address or a CIDR range; otherwise why not.</summary>
    public static string? CheckEntry(string entry)
    {
        if (string.IsNullOrWhiteSpace(entry))
        {
            return "an entry of Export:AllowedDestinations is empty.";
        }

        return TryParseNetwork(entry, out _) || Uri.CheckHostName(Normalize(entry)) == UriHostNameType.Dns
            ? null
            : $"'{entry}' in Export:AllowedDestinations is not a host name, an address or a CIDR range.";
    }

    /// <summary>Checks a host as a subscription names it (the host of a URL, a syslog host): null, or why it is refused.</summary>
    public string? Check(string host)
    {
        var name = Normalize(host);
        if (allowedNames.Contains(name))
        {
            return null;
        }

        var refused = IPAddress.TryParse(name, out var address) ? !IsAllowed(address) : RefusedNames.Contains(name);
        return refused
            ? $"'{host}' is a link-local or cloud metadata address; the operator may allow it in Export:AllowedDestinations."
            : null;
    }

    /// <summary>The addresses of <paramref name="host"/> a sink may dial, in resolver order; throws <see cref="DestinationRefusedException"/> when there is none.</summary>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (Check(host) is { } refused)
        {
            throw new DestinationRefusedException(refused);
        }

        var name = Normalize(host);
        if (IPAddress.TryParse(name, out var literal))
        {
            return [literal];
        }

        var addresses = await resolve(name, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        if (allowedNames.Contains(name))
        {
            return addresses;
        }

        var allowed = addresses.Where(IsAllowed).ToArray();
        return allowed.Length > 0
            ? allowed
            : throw new DestinationRefusedException(
                $"'{host}' resolves to link-local or cloud metadata addresses only; the operator may allow it in Export:AllowedDestinations.");
    }

    /// <summary>
    /// A handler for HTTP sinks that dials only allowed addresses and never follows a redirect (a batch and its credentials
    /// go only where the subscription says). Behind an HTTP proxy the proxy dials, so only the literal URL is checked here.
    /// </summary>
    public SocketsHttpHandler CreateHandler(TimeSpan? connectTimeout = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            // Follows DNS changes of the receiver without a restart.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = ConnectAsync,
        };
        if (connectTimeout is { } timeout)
        {
            handler.ConnectTimeout = timeout;
        }

        return handler;
    }

    /// <summary>Opens a TCP connection to the first allowed address of <paramref name="host"/> that answers.</summary>
    public async Task<Socket> ConnectAsync(string host, int port, Action<Socket>? configure, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(host, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            configure?.Invoke(socket);
            await socket.ConnectAsync(addresses, port, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        new NetworkStream(await ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, null, cancellationToken), ownsSocket: true);

    private bool IsAllowed(IPAddress address)
    {
        // What is dialled in the end: the IPv4 address inside an IPv4-mapped or a NAT64 IPv6 address.
        var effective = address.IsIPv4MappedToIPv6 ? address.MapToIPv4()
            : Nat64.Contains(address) ? new IPAddress(address.GetAddressBytes()[12..])
            : address;
        return allowedNetworks.Any(n => n.Contains(address) || n.Contains(effective))
            || !Refused.Any(n => n.Contains(address) || n.Contains(effective));
    }

    private static bool TryParseNetwork(string entry, out IPNetwork network)
    {
        var text = entry.Trim();
        if (IPNetwork.TryParse(text, out network))
        {
            return true;
        }

        if (IPAddress.TryParse(text.Trim('[', ']'), out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return false;
    }

    /// <summary>Lower case, without IPv6 brackets, the root's trailing dot and an IPv6 scope.</summary>
    private static string Normalize(string host)
    {
        var name = host.Trim().TrimEnd('.').ToLowerInvariant();
        if (name.StartsWith('[') && name.EndsWith(']'))
        {
            name = name[1..^1];
        }

        var scope = name.IndexOf('%', StringComparison.Ordinal);
        return scope > 0 && name.Contains(':', StringComparison.Ordinal) ? name[..scope] : name;
    }
}
