using System.Net;
using Microsoft.AspNetCore.Server.Kestrel;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Docket.Server.Features.Agents;

/// <summary>
/// The Kestrel endpoint named <c>Kestrel:Endpoints:AgentStream</c>, for agents that cannot use TLS: Kestrel tells
/// HTTP/1.1 from HTTP/2 by TLS's ALPN only, so a plain endpoint serves one of them, and this one serves HTTP/2 (h2c).
/// Plain HTTP/2 carries the agent's key in the clear, so it is allowed on loopback only; across machines agents use the
/// HTTPS endpoints, which speak HTTP/1.1 and HTTP/2 both.
/// </summary>
public static class AgentStreamEndpoint
{
    public const string Name = "AgentStream";

    public static void Configure(EndpointConfiguration endpoint)
    {
        if (endpoint.IsHttps)
        {
            endpoint.ListenOptions.Protocols = HttpProtocols.Http1AndHttp2;
            return;
        }

        if (endpoint.ListenOptions.IPEndPoint is not { } address || !IPAddress.IsLoopback(address.Address))
        {
            throw new InvalidOperationException(
                $"Kestrel:Endpoints:{Name} is plain HTTP/2 on {endpoint.ListenOptions}, which is not a loopback address: plain HTTP/2 "
                + "would carry agent keys in the clear. Bind it to 127.0.0.1 or ::1, or give it https and a certificate.");
        }

        endpoint.ListenOptions.Protocols = HttpProtocols.Http2;
    }
}
