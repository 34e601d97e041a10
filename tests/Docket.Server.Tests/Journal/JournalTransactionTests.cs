using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
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
public sealed class JournalTransactionTests(CommitWatchServer server) : IClassFixture<CommitWatchServer>
{
    /// <summary>
    /// The save is refused at its last statement (the journal head's move), when the project row and its event row
    /// are both written: only the transaction can take the event back, so without one the event would stay.
    /// </summary>
    [Fact]
    public async Task A_failed_change_leaves_no_event()
    {
        var tenant = await server.CreateTenantAsync();
        var name = "refused-" + Guid.NewGuid().ToString("N")[..8];
        await using var trigger = await InstallFailingHeadMoveAsync(name);

        var response = await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name }, TestContext.Current.CancellationToken);

        // 201 here would mean the trigger never found both rows written, and so proved nothing.
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

    /// <summary>
    /// Just before each commit the server makes while the request runs, a second connection looks for the project
    /// and for its event: if they were committed apart, one commit would find the first without the second.
    /// </summary>
    [Fact]
    public async Task A_successful_change_and_its_event_share_the_commit()
    {
        var tenant = await server.CreateTenantAsync();
        var name = "committed-" + Guid.NewGuid().ToString("N")[..8];
        var seen = new ConcurrentQueue<(bool Change, bool Event)>();

        HttpResponseMessage response;
        using (server.Commits.Watch(async cancellationToken => seen.Enqueue(await CommittedAsync(name, cancellationToken))))
        {
            response = await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name }, TestContext.Current.CancellationToken);
        }

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        server.Commits.UnprobedCommits.ShouldBe(0);
        // The request's own commit found neither; no commit (the request's, or a background worker's) found one alone.
        seen.ShouldContain((false, false));
        seen.ShouldAllBe(s => s.Change == s.Event);
        (await CommittedAsync(name, TestContext.Current.CancellationToken)).ShouldBe((true, true));
    }

    /// <summary>Whether the project named <paramref name="name"/> and its event are committed, read on a connection of its own.</summary>
    private async Task<(bool Change, bool Event)> CommittedAsync(string name, CancellationToken cancellationToken)
    {
        await using var scope = server.Scope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        var change = await db.Projects.AnyAsync(p => p.Name == name, cancellationToken);
        var created = await db.JournalRecords.AnyAsync(r => r.Text == name && r.Code == 3000, cancellationToken);
        return (change, created);
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

    /// <summary>
    /// A trigger that aborts the journal head's move (the last statement of a journalled save) once a project named
    /// <paramref name="name"/> and a journal record with that text are both written; removed when disposed.
    /// </summary>
    private async Task<IAsyncDisposable> InstallFailingHeadMoveAsync(string name)
    {
        await using var scope = server.Scope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        var trigger = "fail_" + Guid.NewGuid().ToString("N")[..12];
        var written = $"EXISTS (SELECT 1 FROM projects WHERE name = '{name}') AND EXISTS (SELECT 1 FROM journal_records WHERE text = '{name}')";
        string[] create;
        string[] drop;
        if (server.Provider == StorageProvider.Sqlite)
        {
            create = [$"CREATE TRIGGER {trigger} BEFORE UPDATE ON journal_head WHEN {written} BEGIN SELECT RAISE(ABORT, 'injected failure'); END;"];
            drop = [$"DROP TRIGGER {trigger};"];
        }
        else
        {
            create =
            [
                $"CREATE FUNCTION {trigger}() RETURNS trigger AS $$ BEGIN IF {written} THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;",
                $"CREATE TRIGGER {trigger} BEFORE UPDATE ON journal_head FOR EACH ROW EXECUTE FUNCTION {trigger}();",
            ];
            drop = [$"DROP TRIGGER {trigger} ON journal_head;", $"DROP FUNCTION {trigger}();"];
        }

        foreach (var statement in create)
        {
            await db.Database.ExecuteSqlRawAsync(statement);
        }

        return new Removal(server, drop);
    }

    private sealed class Removal(DocketServer server, string[] statements) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using var scope = server.Scope();
            var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
            foreach (var statement in statements)
            {
                await db.Database.ExecuteSqlRawAsync(statement);
            }
        }
    }
}
