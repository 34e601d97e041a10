using System.Net.Http.Json;
using System.Net;
using Docket.Server.Features.Projects;
using Docket.Server.Journal;
using Docket.Server.Storage;
using Docket.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Journal;

/// <summary>
/// The change and its event commit together or not at all. Failures are injected with real database triggers,
/// so it is the database that refuses the write, mid-transaction, as it would in production.
/// </summary>
public sealed class JournalTransactionTests(DocketServer server) : IClassFixture<DocketServer>
{
    [Fact]
    public async Task A_failed_change_leaves_no_event()
    {
        var tenant = await server.CreateTenantAsync();
        var name = "refused-" + Guid.NewGuid().ToString("N")[..8];
        await InstallFailingTriggerAsync("projects", "name", name);

        var response = await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name }, TestContext.Current.CancellationToken);

        await response.ShouldBeProblemAsync(HttpStatusCode.InternalServerError);
        (await CountAsync(db => db.Projects.CountAsync(p => p.Name == name))).ShouldBe(0);
        (await CountAsync(db => db.JournalRecords.CountAsync(r => r.Text == name))).ShouldBe(0);
    }

    [Fact]
    public async Task A_failed_event_write_leaves_no_change()
    {
        var tenant = await server.CreateTenantAsync();
        var name = "unjournalled-" + Guid.NewGuid().ToString("N")[..8];
        await InstallFailingTriggerAsync("journal_records", "text", name);
        var before = await CountAsync(db => db.JournalRecords.CountAsync());

        var response = await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name }, TestContext.Current.CancellationToken);

        await response.ShouldBeProblemAsync(HttpStatusCode.InternalServerError);
        (await CountAsync(db => db.Projects.CountAsync(p => p.Name == name))).ShouldBe(0);
        // Other tests write concurrently, so look for this one's traces rather than compare totals.
        (await CountAsync(db => db.JournalRecords.CountAsync(r => r.Text == name))).ShouldBe(0);
        before.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_successful_change_and_its_event_share_the_commit()
    {
        var tenant = await server.CreateTenantAsync();
        var response = await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "committed" }, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await response.ReadJsonAsync()).GetProperty("id").GetGuid();

        (await CountAsync(db => db.Projects.CountAsync(p => p.Id == id))).ShouldBe(1);
        (await CountAsync(db => db.JournalRecords.CountAsync(r => r.ProjectId == id && r.Code == 3000))).ShouldBe(1);
    }

    private async Task<int> CountAsync(Func<DocketDbContext, Task<int>> query)
    {
        await using var scope = server.Scope();
        return await query(scope.ServiceProvider.GetRequiredService<DocketDbContext>());
    }

    /// <summary>A trigger that aborts the insert of a row whose <paramref name="column"/> equals <paramref name="value"/>.</summary>
    private async Task InstallFailingTriggerAsync(string table, string column, string value)
    {
        await using var scope = server.Scope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        var name = "fail_" + Guid.NewGuid().ToString("N")[..12];
        if (server.Provider == StorageProvider.Sqlite)
        {
            var trigger = $"CREATE TRIGGER {name} BEFORE INSERT ON {table} WHEN NEW.{column} = '{value}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END;";
            await db.Database.ExecuteSqlRawAsync(trigger);
        }
        else
        {
            var function = $"CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN IF NEW.{column} = '{value}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;";
            var trigger = $"CREATE TRIGGER {name} BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION {name}();";
            await db.Database.ExecuteSqlRawAsync(function);
            await db.Database.ExecuteSqlRawAsync(trigger);
        }
    }
}
