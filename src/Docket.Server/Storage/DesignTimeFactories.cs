using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Docket.Server.Storage;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build each provider's context without starting the server:
/// <c>dotnet ef migrations add Name --context SqliteDocketDbContext --output-dir Storage/Migrations/Sqlite</c>
/// (and the same with PostgresDocketDbContext and Storage/Migrations/Postgres). Every schema change needs both.
/// </summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteDocketDbContext>
{
    public SqliteDocketDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteDocketDbContext>().UseSqlite("Data Source=design.db").Options, []);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresDocketDbContext>
{
    public PostgresDocketDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresDocketDbContext>().UseNpgsql("Host=localhost").Options, []);
}
