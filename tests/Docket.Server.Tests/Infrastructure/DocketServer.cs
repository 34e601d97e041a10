using Docket.Testing;
using Xunit;

namespace Docket.Server.Tests.Infrastructure;

/// <summary>
/// The real server (<see cref="InProcessServer"/>) as an xUnit class fixture, one per test class: over a fresh SQLite
/// file, or a fresh database in the PostgreSQL the test command started (DOCKET_TEST_PROVIDER=postgres,
/// DOCKET_TEST_POSTGRES=connection string), with the test settings.
/// </summary>
public class DocketServer() : InProcessServer(["--Docket:NodeId=test-node", .. ServerSettings.ForTests, .. ServerSettings.QuietLogs]), IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await StartAsync(CancellationToken.None);

    // Durability is not under test here; the processes' storage and the benchmarks keep it on.
    protected override Task<ServerStorage> CreateStorageAsync(CancellationToken cancellationToken) =>
        ServerStorage.CreateAsync(cancellationToken, durable: false);
}
