using System.Net;
using System.Net.Sockets;

namespace Docket.Server.Features.Identity;

/// <summary>
/// The client address that sign-in limits and lockouts are kept by. An IPv4 address counts as itself; an IPv6 address
/// counts as its /64, the block one subscriber is usually given, so that nobody gets a fresh limit per address of it.
/// </summary>
public static class ClientAddress
{
    /// <summary>When the server cannot tell (no remote address), all such callers share one key.</summary>
    public const string Unknown = "unknown";

    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return Unknown;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    public static string Of(string? address) => Of(IPAddress.TryParse(address, out var parsed) ? parsed : null);
}
