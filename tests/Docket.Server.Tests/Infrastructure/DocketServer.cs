using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net;
using Docket.Server.Hosting;
using Docket.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace Docket.Server.Tests.Infrastructure;

/// <summary>
/// The real server, composed exactly as Program.cs composes it, listening on a loopback port, over its own
/// database: a fresh SQLite file, or a fresh database in the PostgreSQL the test command started
/// (DOCKET_TEST_PROVIDER=postgres, DOCKET_TEST_POSTGRES=connection string). One per test class.
/// </summary>
public class DocketServer : IAsyncLifetime
{
    public const string AdminPassword = "Admin-Passw0rd!";

    private string? postgresDatabase;

    public WebApplication App { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "docket-tests", Guid.NewGuid().ToString("N"));
    public StorageProvider Provider { get; } = TestEnvironment.Provider;

    /// <summary>Extra configuration for fixtures that need it (an expiring password policy, a short retention...).</summary>
    protected virtual IEnumerable<string> Settings => [];

    /// <summary>Test instruments added to the composed server (an interceptor that watches commits...); nothing by default.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            $"--Docket:DataDirectory={DataDirectory}",
            "--Docket:NodeId=test-node",
            $"--Identity:Administrator:InitialPassword={AdminPassword}",
            // The production cost (210,000) is checked by PasswordHasher's own test; here it would only slow every login.
            "--Identity:PasswordHashIterations=10000",
            // Test classes sign in hundreds of times a minute from 127.0.0.1; SignInLimitServer tests the limits.
            "--Identity:SignInLimits:PerAddress:PermitLimit=1000000",
            "--Identity:SignInLimits:PerLogin:PermitLimit=1000000",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.EntityFrameworkCore=Error",
        };
        if (Provider == StorageProvider.Postgres)
        {
            postgresDatabase = await TestStorage.CreatePostgresDatabaseAsync(CancellationToken.None);
            var builder = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString)
            {
                Database = postgresDatabase,
                // Durability is not under test here; the benchmarks run with it on.
                Options = "-c synchronous_commit=off",
            };
            args.Add("--Storage:Provider=Postgres");
            args.Add($"--Storage:ConnectionString={builder.ConnectionString}");
        }

        args.AddRange(Settings);
        var web = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. args],
            ContentRootPath = DataDirectory,
            EnvironmentName = "Production",
        });
        web.AddDocketServer();
        ConfigureServices(web.Services);
        App = web.Build();
        App.MapDocketServer();
        await App.StartAsync();
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await TestStorage.RemoveAsync(postgresDatabase, DataDirectory);
        GC.SuppressFinalize(this);
    }

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
    public AsyncServiceScope Scope() => App.Services.CreateAsyncScope();

    private sealed record TokenBody(string Token);
}
