using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Docket.Server.Hosting;
using Docket.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Testing;

/// <summary>
/// The real server, composed exactly as Program.cs composes it (<c>AddDocketServer</c>, <c>MapDocketServer</c>), over
/// a <see cref="ServerStorage"/> of its own, listening on a loopback port once started. It can also be built and
/// not started, for a bench that calls the server's services directly. The tests' <c>DocketServer</c> adds xUnit's
/// lifetime and the test settings; the benches add theirs.
/// </summary>
public class InProcessServer : IAsyncDisposable
{
    public const string AdminPassword = ServerSettings.AdminPassword;

    private readonly IReadOnlyList<string> defaults;
    private WebApplication? app;
    private ServerStorage? storage;
    private bool started;

    /// <param name="defaults">Settings of the kind of server (the tests', a bench's), before <see cref="Settings"/>.</param>
    protected InProcessServer(IEnumerable<string> defaults) => this.defaults = [.. defaults];

    public WebApplication App => app ?? throw new InvalidOperationException("The server is not built yet.");
    public IServiceProvider Services => App.Services;
    public ServerStorage Storage => storage ?? throw new InvalidOperationException("The server is not built yet.");
    public string DataDirectory => Storage.DataDirectory;
    public StorageProvider Provider => Storage.Provider;

    /// <summary>Where it listens, once started.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Extra configuration for a server that needs it (an expiring password policy, a short retention...).</summary>
    protected virtual IEnumerable<string> Settings => [];

    /// <summary>The storage it runs over; by default a fresh one for this run of the suite (<see cref="TestEnvironment"/>).</summary>
    protected virtual Task<ServerStorage> CreateStorageAsync(CancellationToken cancellationToken) => ServerStorage.CreateAsync(cancellationToken);

    /// <summary>Instruments added to the composed server (an interceptor that watches commits...); nothing by default.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Middleware in front of the server's own pipeline (a bench's probe...); nothing by default.</summary>
    protected virtual void ConfigureApp(WebApplication application)
    {
    }

    /// <summary>Creates the storage and composes the server, without starting it: no port, no hosted services, no migrations run yet.</summary>
    public async Task BuildAsync(CancellationToken cancellationToken)
    {
        if (app is not null)
        {
            return;
        }

        storage = await CreateStorageAsync(cancellationToken);
        var web = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [Loopback.AnyPort, .. storage.Settings, $"--Identity:Administrator:InitialPassword={AdminPassword}", .. defaults, .. Settings],
            ContentRootPath = storage.DataDirectory,
            EnvironmentName = "Production",
        });
        web.AddDocketServer();
        ConfigureServices(web.Services);
        app = web.Build();
        ConfigureApp(app);
        app.MapDocketServer();
    }

    /// <summary>Starts it as Program.cs runs it: Kestrel on a loopback port and the hosted services (migrations, workers).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await BuildAsync(cancellationToken);
        await App.StartAsync(cancellationToken);
        started = true;
        BaseAddress = ChooseBaseAddress();
    }

    /// <summary>Where the API is: the one address, or for a server with named endpoints (the agents' stream), the API's.</summary>
    protected virtual Uri ChooseBaseAddress() => App.BaseAddress();

    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress };

    /// <summary>
    /// A client whose connections come from <paramref name="clientAddress"/> (any of 127.0.0.0/8, all loopback on Linux):
    /// to the server, a caller at another address.
    /// </summary>
    public HttpClient AnonymousFrom(string clientAddress)
    {
        var local = new IPEndPoint(IPAddress.Parse(clientAddress), 0);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(local);
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = BaseAddress };
    }

    public HttpClient WithToken(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<string> LoginAsync(string login, string password, string? tenant = null)
    {
        using var client = Anonymous();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { login, password, tenant });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TokenBody>();
        return body!.Token;
    }

    public async Task<HttpClient> AdminAsync() => WithToken(await LoginAsync("admin", AdminPassword));

    /// <summary>A scope over the server's own services, for tests that look at or tamper with the database.</summary>
    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore();
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the server (its workers finish their pass and release their leases), then removes its storage.</summary>
    protected virtual async ValueTask DisposeAsyncCore()
    {
        if (app is not null)
        {
            if (started)
            {
                await app.StopAsync();
            }

            await app.DisposeAsync();
        }

        if (storage is not null)
        {
            await storage.DisposeAsync();
        }
    }

    private sealed record TokenBody(string Token);
}
