using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Storage;

/// <summary>Applies the provider's migrations and runs the seeders (the administrator) before the server takes requests.</summary>
internal sealed partial class DatabaseInitializer(IServiceScopeFactory scopes, ILogger<DatabaseInitializer> logger) : IHostedLifecycleService
{
    // Any fixed number: the session lock that replicas over one PostgreSQL database take around migrating and seeding.
    private const long StartLock = 0x646f636b6574;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();

        // Replicas started together over an empty PostgreSQL database would otherwise each apply the same migrations
        // (EF Core's own lock does not cover every statement of every migration here) and seed twice. A session
        // advisory lock, held on the context's connection while it migrates and seeds, lets one replica do it and the
        // others find it done. SQLite serves one server process, whose writer lock already serializes.
        var postgres = db.Database.IsNpgsql();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (postgres)
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({StartLock})", cancellationToken);
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                LogMigrating(logger, pending.Count, db.Database.ProviderName ?? "?");
                await db.Database.MigrateAsync(cancellationToken);
            }

            foreach (var seeder in scope.ServiceProvider.GetServices<IDatabaseSeeder>())
            {
                await seeder.SeedAsync(cancellationToken);
            }
        }
        finally
        {
            if (postgres)
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({StartLock})", CancellationToken.None);
            }

            await db.Database.CloseConnectionAsync();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} migration(s) to the {Provider} database")]
    private static partial void LogMigrating(ILogger logger, int count, string provider);
}
