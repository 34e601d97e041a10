using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Storage;

/// <summary>Every schema change needs a migration for every provider; this fails when one is missing.</summary>
public sealed class MigrationTests
{
    [Fact]
    public void The_SQLite_migrations_cover_the_model()
    {
        using var db = new SqliteDocketDbContext(
            new DbContextOptionsBuilder<SqliteDocketDbContext>().UseSqlite("Data Source=:memory:").Options, []);
        db.Database.HasPendingModelChanges().ShouldBeFalse("run: dotnet ef migrations add <Name> --context SqliteDocketDbContext --output-dir Storage/Migrations/Sqlite");
        db.Database.GetMigrations().ShouldNotBeEmpty();
    }

    [Fact]
    public void The_PostgreSQL_migrations_cover_the_model()
    {
        using var db = new PostgresDocketDbContext(
            new DbContextOptionsBuilder<PostgresDocketDbContext>().UseNpgsql("Host=127.0.0.1").Options, []);
        db.Database.HasPendingModelChanges().ShouldBeFalse("run: dotnet ef migrations add <Name> --context PostgresDocketDbContext --output-dir Storage/Migrations/Postgres");
        db.Database.GetMigrations().ShouldNotBeEmpty();
    }
}
