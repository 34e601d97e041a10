using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Server.Tests.Infrastructure;

/// <summary>
/// A server with the agents' plain HTTP/2 endpoint on loopback beside the API, and a heartbeat period short enough for
/// a test to see an agent go silent.
/// </summary>
public class AgentServer : DocketServer
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(500);

    private readonly int streamPort = FreePort();

    /// <summary>Where agents dial: plain HTTP/2 (h2c).</summary>
    public Uri StreamAddress => new($"http://127.0.0.1:{streamPort}");

    protected override IEnumerable<string> Settings =>
    [
        $"--Agents:Period={Period}",
        "--Kestrel:Endpoints:Api:Url=http://127.0.0.1:0",
        $"--Kestrel:Endpoints:AgentStream:Url={StreamAddress}",
    ];

    protected override Uri ChooseBaseAddress() =>
        new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Single(a => new Uri(a).Port != streamPort));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
