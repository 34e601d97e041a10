using System.Data.Common;
using Docket.Server.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Docket.Testing;

/// <summary>
/// What a server runs over and what outlives it: a data folder (SQLite file, signing key, blobs) and a database (that
/// SQLite file, or a PostgreSQL database of its own, created in the given PostgreSQL before the server starts and
/// dropped after). A restarted process and every replica of a test use the same storage, as the replicas of one
/// installation share their state.
/// </summary>
public sealed class ServerStorage : IAsyncDisposable
{
    private readonly string? postgresServer;

    private ServerStorage(StorageProvider provider, string dataDirectory, string? postgresServer, string? postgresDatabase, string? connectionString)
    {
        Provider = provider;
        DataDirectory = dataDirectory;
        this.postgresServer = postgresServer;
        PostgresDatabase = postgresDatabase;
        ConnectionString = connectionString;
    }

    public StorageProvider Provider { get; }
    public string DataDirectory { get; }

    /// <summary>The PostgreSQL database's name; null on SQLite.</summary>
    public string? PostgresDatabase { get; }

    /// <summary>The server's connection string to the PostgreSQL database; null on SQLite (the file is in the data folder).</summary>
    public string? ConnectionString { get; }

    /// <summary>Leaves the folder and the database behind on dispose, to be looked at (the bench's <c>--keep</c>).</summary>
    public bool Keep { get; set; }

    /// <summary>The settings that put a server on this storage (command-line configuration).</summary>
    public IReadOnlyList<string> Settings => ConnectionString is null
        ? [$"--Docket:DataDirectory={DataDirectory}"]
        : [$"--Docket:DataDirectory={DataDirectory}", "--Storage:Provider=Postgres", $"--Storage:ConnectionString={ConnectionString}"];

    /// <summary>Storage for this run of the suite: the provider and PostgreSQL the test command chose (<see cref="TestEnvironment"/>).</summary>
    public static Task<ServerStorage> CreateAsync(CancellationToken cancellationToken, bool durable = true) =>
        CreateAsync(
            TestEnvironment.Provider,
            TestEnvironment.Provider == StorageProvider.Postgres ? TestEnvironment.PostgresConnectionString : null,
            "tests",
            durable,
            cancellationToken);

    /// <summary>
    /// A fresh data folder under <c>$TMPDIR/docket-<paramref name="purpose"/></c> and, on PostgreSQL, a database
    /// <c>docket_<paramref name="purpose"/>_&lt;guid&gt;</c> in <paramref name="postgresServer"/> (a connection string
    /// to its <c>postgres</c> database). Not <paramref name="durable"/>: PostgreSQL commits with
    /// <c>synchronous_commit=off</c>, for servers whose durability is not under test.
    /// </summary>
    public static async Task<ServerStorage> CreateAsync(
        StorageProvider provider, string? postgresServer, string purpose, bool durable, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "docket-" + purpose, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        if (provider != StorageProvider.Postgres)
        {
            return new ServerStorage(provider, dataDirectory, null, null, null);
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(postgresServer);
        var database = $"docket_{purpose}_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(postgresServer))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var builder = new NpgsqlConnectionStringBuilder(postgresServer) { Database = database };
        if (!durable)
        {
            builder.Options = "-c synchronous_commit=off";
        }

        return new ServerStorage(provider, dataDirectory, postgresServer, database, builder.ConnectionString);
    }

    /// <summary>A connection to the database, for a test that looks at what the servers committed.</summary>
    public async Task<DbConnection> OpenDatabaseAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = ConnectionString is not null
            ? new NpgsqlConnection(ConnectionString)
            : new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "docket.db")}");
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public string Describe() => PostgresDatabase is not null
        ? $"PostgreSQL database {PostgresDatabase}, data folder {DataDirectory}"
        : $"SQLite file {Path.Combine(DataDirectory, "docket.db")}";

    /// <summary>Drops the database and deletes the folder (blobs, archives and exports: hundreds of megabytes a run if left behind); the servers are gone by now.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Keep)
        {
            return;
        }

        if (PostgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(postgresServer);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{PostgresDatabase}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        // Pooled connections keep a SQLite file open; the servers are gone, so none of them is in use.
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless; the outcome of the test or the run is not.
        }
    }
}
