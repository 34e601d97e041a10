using Microsoft.Data.Sqlite;
using Npgsql;

namespace Docket.Server.Tests.Infrastructure;

/// <summary>
/// The storage of one test server: a database of its own in the PostgreSQL the test command started (SQLite needs none,
/// its file is in the data folder), created before the server starts and removed with the data folder after it stops.
/// </summary>
internal static class TestStorage
{
    /// <summary>Creates an empty PostgreSQL database with a unique name; returns the name.</summary>
    public static async Task<string> CreatePostgresDatabaseAsync(CancellationToken cancellationToken)
    {
        var database = "docket_test_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        return database;
    }

    /// <summary>Drops <paramref name="postgresDatabase"/> (when there is one) and deletes <paramref name="dataDirectory"/>: blobs, archives and exports, hundreds of megabytes a run if left behind.</summary>
    public static async Task RemoveAsync(string? postgresDatabase, string dataDirectory)
    {
        if (postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{postgresDatabase}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        else
        {
            // Pooled connections keep the database file open; the server is gone, so none of them is in use.
            SqliteConnection.ClearAllPools();
        }

        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless; the test's outcome is not.
        }
    }
}
