using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Docket.Agent.Protocol.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Docket.Agent.Tests;

/// <summary>
/// A Kestrel app on loopback that stands in for the Docket server: the AgentHub on a plain HTTP/2 (h2c) port, as the
/// server's AgentStream endpoint, and on the same port the file endpoint of the transfers (the agent's key and the
/// ticket's token, ranges, ETag = SHA-256), which the agent reaches over HTTP/2 as it does the real server's.
/// </summary>
public sealed class TestAgentServer : IAsyncDisposable
{
    public const string Key = "dkk_agent-tests";
    private const string TokenHeader = "Docket-File-Token";

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, (string Token, byte[] Content, string Sha256)> files = new(StringComparer.Ordinal);

    private TestAgentServer(WebApplication app, TestHub hub, Uri hubAddress)
    {
        this.app = app;
        Hub = hub;
        HubAddress = hubAddress;
    }

    public TestHub Hub { get; }

    public Uri HubAddress { get; }

    /// <summary>How many times a file was asked for, by name.</summary>
    public ConcurrentDictionary<string, int> Requests { get; } = new(StringComparer.Ordinal);

    public static async Task<TestAgentServer> StartAsync()
    {
        var hubPort = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, hubPort, listen => listen.Protocols = HttpProtocols.Http2);
        });
        var hub = new TestHub();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(hub);
        var app = builder.Build();
        var server = new TestAgentServer(app, hub, new Uri($"http://127.0.0.1:{hubPort}"));
        app.MapGrpcService<TestHub>();
        app.MapGet("/files/{name}", (string name, HttpRequest request) => server.Download(name, request));
        await app.StartAsync();
        return server;
    }

    /// <summary>Offers <paramref name="content"/> for download; the file as a launch names it.</summary>
    public ProcessFile Offer(FileRole role, string name, byte[] content, string? claimedSha256 = null)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        files[name] = (token, content, sha256);
        return new ProcessFile
        {
            Role = role,
            Path = $"/files/{name}",
            Token = token,
            Sha256 = claimedSha256 ?? sha256,
            Size = (ulong)content.Length,
            Name = name,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private IResult Download(string name, HttpRequest request)
    {
        Requests.AddOrUpdate(name, 1, (_, n) => n + 1);
        if (request.Headers.Authorization != $"Bearer {Key}")
        {
            return Results.Unauthorized();
        }

        if (!files.TryGetValue(name, out var file) || request.Headers[TokenHeader] != file.Token)
        {
            return Results.NotFound();
        }

        return Results.File(file.Content, "application/octet-stream", name, entityTag: new EntityTagHeaderValue($"\"{file.Sha256}\""), enableRangeProcessing: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
