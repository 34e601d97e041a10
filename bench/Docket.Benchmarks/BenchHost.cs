using System.Data.Common;
using Docket.Server.Common;
using Docket.Server.Hosting;
using Docket.Server.Journal;
using Docket.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Docket.Benchmarks;

/// <summary>
/// The server's own services, composed by <see cref="HostingExtensions.AddDocketServer"/> exactly as Program.cs
/// composes them, over a fresh database that only the migrations have touched. The journal benchmarks never start
/// the host: they call the journal and the query path directly. The export benchmark starts it
/// (<see cref="StartServerAsync"/>), because the export runner is one of its hosted services.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly BenchSettings settings;
    private readonly string? postgresDatabase;
    private bool started;

    private BenchHost(WebApplication app, BenchSettings settings, string dataDirectory, string? postgresDatabase)
    {
        this.app = app;
        this.settings = settings;
        DataDirectory = dataDirectory;
        this.postgresDatabase = postgresDatabase;
    }

    public IServiceProvider Services => app.Services;
    public StorageProvider Provider => settings.Provider;
    public string DataDirectory { get; }
    public JournalSqlDialect Dialect => Services.GetRequiredService<JournalSqlDialect>();
    public JournalSigner Signer => Services.GetRequiredService<JournalSigner>();
    public string NodeId => Services.GetRequiredService<IOptions<DocketOptions>>().Value.NodeId;

    public static async Task<BenchHost> StartAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "docket-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var args = new List<string>
        {
            $"--Docket:DataDirectory={dataDirectory}",
            "--Identity:Administrator:InitialPassword=Admin-Passw0rd!",
            // Only when the export bench starts the host: any free loopback port, never a neighbour's 5000.
            "--urls=http://127.0.0.1:0",
            // The levels of the server's appsettings.json, which is not in this content root.
            "--Logging:LogLevel:Default=Information",
            "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
            "--Logging:LogLevel:Microsoft.EntityFrameworkCore=Warning",
            // HttpClient logs four lines per export batch at Information: they would bury the report on the console,
            // and at four lines per 1,000 events their cost is not what the export bench measures.
            "--Logging:LogLevel:System.Net.Http.HttpClient=Warning",
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

            // The operator's connection string as given: synchronous_commit stays at its default (on).
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
        var host = new BenchHost(app, settings, dataDirectory, database);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DocketDbContext>().Database.MigrateAsync(cancellationToken);
        }

        return host;
    }

    /// <summary>Starts the host as Program.cs runs it: Kestrel (on a loopback port) and the hosted services, the export runner among them.</summary>
    public async Task StartServerAsync(CancellationToken cancellationToken)
    {
        await app.StartAsync(cancellationToken);
        started = true;
    }

    /// <summary>
    /// A connection opened by the server's own DbContext, so it carries exactly the server's settings (SQLite's
    /// pragmas come from the server's interceptor). It stays open until the lease is disposed.
    /// </summary>
    public async Task<ConnectionLease> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        return new ConnectionLease(scope, db, db.Database.GetDbConnection());
    }

    public string Describe() => Provider == StorageProvider.Postgres
        ? $"PostgreSQL database {postgresDatabase}"
        : $"SQLite file {Path.Combine(DataDirectory, "docket.db")}";

    public async ValueTask DisposeAsync()
    {
        if (started)
        {
            // Lets the export runner finish its pass and release its lease before the database goes.
            await app.StopAsync();
        }

        await app.DisposeAsync();
        if (settings.Keep)
        {
            Console.WriteLine($"Kept: {Describe()}");
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
