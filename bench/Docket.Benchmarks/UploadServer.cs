using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Hosting;
using Docket.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Docket.Benchmarks;

/// <summary>
/// The real server, composed as Program.cs composes it (<c>AddDocketServer</c> + <c>MapDocketServer</c>), listening on
/// a loopback port over a fresh data directory and database, as the tests' <c>DocketServer</c> does; but with the
/// production password cost and PostgreSQL's default <c>synchronous_commit=on</c>. The only addition is a middleware
/// in front that gives each image upload a <see cref="DbTally"/>.
/// </summary>
internal sealed class UploadServer : IAsyncDisposable
{
    private const string AdminPassword = "Admin-Passw0rd!";

    private readonly WebApplication app;
    private readonly BenchSettings settings;
    private readonly string? postgresDatabase;

    private UploadServer(WebApplication app, BenchSettings settings, string dataDirectory, string? postgresDatabase)
    {
        this.app = app;
        this.settings = settings;
        DataDirectory = dataDirectory;
        this.postgresDatabase = postgresDatabase;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public Uri BaseAddress { get; }
    public string DataDirectory { get; }
    public IServiceProvider Services => app.Services;

    /// <summary>The database time of the last image upload this server received.</summary>
    public DbTally? LastUpload { get; private set; }

    public static async Task<UploadServer> StartAsync(BenchSettings settings, DbTimeProbe probe, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "docket-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            $"--Docket:DataDirectory={dataDirectory}",
            $"--Identity:Administrator:InitialPassword={AdminPassword}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.EntityFrameworkCore=Error",
        };

        string? database = null;
        if (settings.Provider == StorageProvider.Postgres)
        {
            database = "docket_bench_" + Guid.NewGuid().ToString("N");
            await using (var connection = new NpgsqlConnection(settings.PostgresConnectionString))
            {
                await connection.OpenAsync(cancellationToken);
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            var builder = new NpgsqlConnectionStringBuilder(settings.PostgresConnectionString) { Database = database };
            args.Add("--Storage:Provider=Postgres");
            args.Add($"--Storage:ConnectionString={builder.ConnectionString}");
        }

        var web = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. args],
            ContentRootPath = dataDirectory,
            EnvironmentName = "Production",
        });
        web.AddDocketServer();
        var app = web.Build();
        UploadServer? server = null;
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Value?.EndsWith("/images", StringComparison.Ordinal) == true)
            {
                server!.LastUpload = probe.Begin();
            }

            await next(context);
        });
        app.MapDocketServer();
        await app.StartAsync(cancellationToken);
        server = new UploadServer(app, settings, dataDirectory, database);
        return server;
    }

    /// <summary>Signs in as the Administrator, creates a tenant and a project in it; a client with the token and the project's id.</summary>
    public async Task<(HttpClient Client, Guid ProjectId)> NewProjectAsync(CancellationToken cancellationToken)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { login = "admin", password = AdminPassword }, cancellationToken);
        var token = (await Json(login, cancellationToken)).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var suffix = Guid.NewGuid().ToString("N")[..12];
        var tenant = await client.PostAsJsonAsync("/api/v1/tenants", new { name = "bench-" + suffix }, cancellationToken);
        var tenantId = (await Json(tenant, cancellationToken)).GetProperty("id").GetGuid();
        var project = await client.PostAsJsonAsync("/api/v1/projects", new { name = "scans-" + suffix, tenantId }, cancellationToken);
        return (client, (await Json(project, cancellationToken)).GetProperty("id").GetGuid());
    }

    public async Task<IReadOnlyList<string>> DescribeDatabaseAsync(CancellationToken cancellationToken)
    {
        var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var lease = new ConnectionLease(scope, db, db.Database.GetDbConnection());
        return await DatabaseInfo.DescribeAsync(lease, settings.Provider, cancellationToken);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode} from {response.RequestMessage?.RequestUri}: {body}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        if (settings.Keep)
        {
            Console.WriteLine($"Kept: {DataDirectory}" + (postgresDatabase is null ? string.Empty : $" and PostgreSQL database {postgresDatabase}"));
            return;
        }

        if (postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(settings.PostgresConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{postgresDatabase}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
