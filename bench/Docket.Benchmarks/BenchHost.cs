using Docket.Server.Common;
using Docket.Server.Hosting;
using Docket.Server.Journal;
using Docket.Server.Storage;
using Docket.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Docket.Benchmarks;

/// <summary>
/// The server's own services, composed by <see cref="HostingExtensions.AddDocketServer"/> exactly as Program.cs
/// composes them (the shared <see cref="InProcessServer"/>), over a fresh database that only the migrations have
/// touched. The journal benchmarks never start the host: they call the journal and the query path directly. The
/// export benchmark starts it (<see cref="StartServerAsync"/>), because the export runner is one of its hosted services.
/// </summary>
internal sealed class BenchHost : InProcessServer
{
    private readonly BenchSettings settings;

    private BenchHost(BenchSettings settings)
        : base(
        [
            // The levels of the server's appsettings.json, which is not in this content root.
            "--Logging:LogLevel:Default=Information",
            "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
            "--Logging:LogLevel:Microsoft.EntityFrameworkCore=Warning",
            // HttpClient logs four lines per export batch at Information: they would bury the report on the console,
            // and at four lines per 1,000 events their cost is not what the export bench measures.
            "--Logging:LogLevel:System.Net.Http.HttpClient=Warning",
        ]) => this.settings = settings;

    public JournalSqlDialect Dialect => Services.GetRequiredService<JournalSqlDialect>();
    public JournalSigner Signer => Services.GetRequiredService<JournalSigner>();
    public string NodeId => Services.GetRequiredService<IOptions<DocketOptions>>().Value.NodeId;

    public static async Task<BenchHost> StartAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var host = new BenchHost(settings);
        await host.BuildAsync(cancellationToken);
        await using (var scope = host.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<DocketDbContext>().Database.MigrateAsync(cancellationToken);
        }

        return host;
    }

    /// <summary>Starts the host as Program.cs runs it: Kestrel (on a loopback port) and the hosted services, the export runner among them.</summary>
    public Task StartServerAsync(CancellationToken cancellationToken) => StartAsync(cancellationToken);

    /// <summary>
    /// A connection opened by the server's own DbContext, so it carries exactly the server's settings (SQLite's
    /// pragmas come from the server's interceptor). It stays open until the lease is disposed.
    /// </summary>
    public Task<ConnectionLease> OpenConnectionAsync(CancellationToken cancellationToken) => ConnectionLease.OpenAsync(Services, cancellationToken);

    public string Describe() => Storage.Describe();

    // The operator's connection string as given: synchronous_commit stays at its default (on).
    protected override async Task<ServerStorage> CreateStorageAsync(CancellationToken cancellationToken) =>
        await BenchStorage.CreateAsync(settings, cancellationToken);

    protected override async ValueTask DisposeAsyncCore()
    {
        if (settings.Keep)
        {
            Console.WriteLine($"Kept: {Describe()}");
        }

        await base.DisposeAsyncCore();
    }
}
