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
/// ticket's token, ranges, ETag = SHA-256) and the upload endpoint of a run's outputs (PUT with the key, the token and
/// Repr-Digest, checked as the server checks them), which the agent reaches over HTTP/2 as it does the real server's.
/// </summary>
public sealed class TestAgentServer : IAsyncDisposable
{
    public const string Key = "dkk_agent-tests";
    private const string TokenHeader = "Docket-File-Token";

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, (string Token, byte[] Content, string Sha256)> files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TestUpload> uploads = new(StringComparer.Ordinal);

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
        app.MapPut("/uploads/{name}", (string name, HttpRequest request) => server.UploadAsync(name, request));
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

    /// <summary>
    /// Takes an output at <c>/uploads/{name}</c>: <paramref name="busyFirst"/> tries answered 503 first,
    /// <paramref name="serverMaxBytes"/> the size over which it answers 413 (the server's own limit, whatever the
    /// ticket says), <paramref name="refuseWith"/> a status to refuse a well-formed upload with.
    /// </summary>
    public ProcessUpload Expect(OutputRole role, string name, ulong maxBytes = 0, int busyFirst = 0, long serverMaxBytes = 0, int? refuseWith = null)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        uploads[name] = new TestUpload(token, busyFirst, serverMaxBytes, refuseWith);
        return new ProcessUpload { Role = role, Path = $"/uploads/{name}", Token = token, MaxBytes = maxBytes };
    }

    /// <summary>What came to <c>/uploads/{name}</c>.</summary>
    public TestUpload Upload(string name) => uploads[name];

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

    private async Task<IResult> UploadAsync(string name, HttpRequest request)
    {
        if (!uploads.TryGetValue(name, out var upload))
        {
            return Results.NotFound();
        }

        var attempt = upload.Attempt();
        if (request.Headers.Authorization != $"Bearer {Key}")
        {
            return Results.Unauthorized();
        }

        if (request.Headers[TokenHeader] != upload.Token)
        {
            return Results.Problem("The file token is not this output's.", statusCode: 404);
        }

        if (attempt <= upload.BusyFirst)
        {
            return Results.Problem("The server is restarting.", statusCode: 503);
        }

        // As the server does: refused by its length before a byte is read.
        if (upload.ServerMaxBytes > 0 && request.ContentLength > upload.ServerMaxBytes)
        {
            return Results.Problem($"The output may be at most {upload.ServerMaxBytes} bytes.", statusCode: 413);
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var content = body.ToArray();
        if (request.ContentLength != content.Length)
        {
            return Results.Problem($"Content-Length {request.ContentLength} for {content.Length} bytes.", statusCode: 400);
        }

        var digest = $"sha-256=:{Convert.ToBase64String(SHA256.HashData(content))}:";
        if (request.Headers["Repr-Digest"] != digest)
        {
            return Results.Problem($"The bytes have the digest {digest}, not the Repr-Digest sent.", statusCode: 422);
        }

        if (upload.RefuseWith is { } status)
        {
            return Results.Problem("The launch has ended already.", statusCode: status);
        }

        upload.Keep(content, request.ContentType, Hub.Received.Count);
        return Results.NoContent();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
