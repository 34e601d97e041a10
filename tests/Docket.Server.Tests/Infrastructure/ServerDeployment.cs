using System.Data.Common;
using Docket.Server.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Docket.Server.Tests.Infrastructure;

/// <summary>
/// What server processes run over and what outlives them: a data directory (SQLite file, signing key, blobs) and a
/// database (that SQLite file, or a fresh PostgreSQL database in the one the test command started). A restarted
/// process and every replica of a test use the same deployment, as replicas of one installation share their state.
/// </summary>
public sealed class ServerDeployment : IAsyncDisposable
{
    private readonly string? postgresDatabase;
    private readonly string? postgresConnectionString;

    private ServerDeployment(string? postgresDatabase, string? postgresConnectionString)
    {
        this.postgresDatabase = postgresDatabase;
        this.postgresConnectionString = postgresConnectionString;
        Directory.CreateDirectory(DataDirectory);
    }

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "docket-tests", Guid.NewGuid().ToString("N"));
    public StorageProvider Provider { get; } = TestEnvironment.Provider;

    /// <summary>The settings every process of this deployment starts with, as the in-process <see cref="DocketServer"/> sets them.</summary>
    public IReadOnlyList<string> Settings
    {
        get
        {
            var settings = new List<string>
            {
                $"--Docket:DataDirectory={DataDirectory}",
                $"--Identity:Administrator:InitialPassword={DocketServer.AdminPassword}",
                "--Identity:PasswordHashIterations=10000",
                "--Identity:SignInLimits:PerAddress:PermitLimit=1000000",
                "--Identity:SignInLimits:PerLogin:PermitLimit=1000000",
            };
            if (postgresConnectionString is not null)
            {
                settings.Add("--Storage:Provider=Postgres");
                settings.Add($"--Storage:ConnectionString={postgresConnectionString}");
            }

            return settings;
        }
    }

    public static async Task<ServerDeployment> CreateAsync(CancellationToken cancellationToken)
    {
        if (TestEnvironment.Provider != StorageProvider.Postgres)
        {
            return new ServerDeployment(null, null);
        }

        var database = await TestStorage.CreatePostgresDatabaseAsync(cancellationToken);

        // Unlike the in-process fixture, synchronous_commit stays on: these tests kill processes and count on what committed.
        var builder = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString) { Database = database };
        return new ServerDeployment(database, builder.ConnectionString);
    }

    /// <summary>A connection to the deployment's database, for a test that looks at what the processes committed.</summary>
    public async Task<DbConnection> OpenDatabaseAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = postgresConnectionString is not null
            ? new NpgsqlConnection(postgresConnectionString)
            : new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "docket.db")}");
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public async ValueTask DisposeAsync() => await TestStorage.RemoveAsync(postgresDatabase, DataDirectory);
}
