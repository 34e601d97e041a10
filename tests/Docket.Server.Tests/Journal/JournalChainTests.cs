using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Storage;
using Docket.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Journal;

/// <summary>
/// The signed hash chain: <c>/api/v1/events/verify</c> names the first record that was altered, removed or inserted
/// behind the server's back (straight in the database), and is valid again once the tampering is undone.
/// </summary>
public sealed class JournalChainTests(DocketServer server) : IClassFixture<DocketServer>
{
    [Fact]
    public async Task Verify_names_the_altered_record_then_passes_once_restored()
    {
        using var admin = await server.AdminAsync();
        var victim = await CreateProjectsAndPickMiddleAsync(admin);
        var original = await ScalarAsync<string>($"SELECT text AS \"Value\" FROM journal_records WHERE sequence = {victim}");

        await ExecuteAsync($"UPDATE journal_records SET text = 'forged' WHERE sequence = {victim}");
        var broken = await VerifyAsync(admin);
        broken.GetProperty("valid").GetBoolean().ShouldBeFalse();
        broken.GetProperty("firstViolation").GetProperty("sequence").GetInt64().ShouldBe(victim);
        broken.GetProperty("firstViolation").GetProperty("problem").GetString().ShouldBe("altered");

        await ExecuteAsync($"UPDATE journal_records SET text = '{original}' WHERE sequence = {victim}");
        (await VerifyAsync(admin)).GetProperty("valid").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Verify_names_the_removed_record()
    {
        using var admin = await server.AdminAsync();
        var victim = await CreateProjectsAndPickMiddleAsync(admin);
        await ExecuteAsync($"CREATE TABLE saved_{victim} AS SELECT * FROM journal_records WHERE sequence = {victim}");

        await ExecuteAsync($"DELETE FROM journal_records WHERE sequence = {victim}");
        var broken = await VerifyAsync(admin);
        broken.GetProperty("valid").GetBoolean().ShouldBeFalse();
        broken.GetProperty("firstViolation").GetProperty("sequence").GetInt64().ShouldBe(victim);
        broken.GetProperty("firstViolation").GetProperty("problem").GetString().ShouldBe("removed");

        await ExecuteAsync($"INSERT INTO journal_records SELECT * FROM saved_{victim}");
        (await VerifyAsync(admin)).GetProperty("valid").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Verify_names_a_record_slipped_into_the_middle()
    {
        using var admin = await server.AdminAsync();
        var victim = await CreateProjectsAndPickMiddleAsync(admin);

        // Make room after the victim as a forger would: renumber everything after it, then copy the victim in.
        await ExecuteAsync($"UPDATE journal_records SET sequence = sequence + 1000000 WHERE sequence > {victim}");
        await ExecuteAsync($"UPDATE journal_records SET sequence = sequence - 999999 WHERE sequence > 1000000");
        await ExecuteAsync(
            $"INSERT INTO journal_records SELECT {victim + 1}, id || '', code, name, \"group\", class, occurred_at, recorded_at, tenant_id, project_id, user_id, user_login, " +
            $"client_ip, node_id, operation_key, entity_kind, entity_id, 'forged', data, trace_id, signature, tenant_name, project_name FROM journal_records WHERE sequence = {victim}");
        var broken = await VerifyAsync(admin);
        broken.GetProperty("valid").GetBoolean().ShouldBeFalse();
        broken.GetProperty("firstViolation").GetProperty("sequence").GetInt64().ShouldBe(victim + 1);
        broken.GetProperty("firstViolation").GetProperty("problem").GetString().ShouldBe("inserted");

        await ExecuteAsync($"DELETE FROM journal_records WHERE sequence = {victim + 1}");
        await ExecuteAsync($"UPDATE journal_records SET sequence = sequence + 1000000 WHERE sequence > {victim + 1}");
        await ExecuteAsync($"UPDATE journal_records SET sequence = sequence - 1000001 WHERE sequence > 1000000");
        (await VerifyAsync(admin)).GetProperty("valid").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Verify_names_a_record_appended_beyond_the_head()
    {
        using var admin = await server.AdminAsync();
        await CreateProjectsAndPickMiddleAsync(admin);
        var last = await ScalarAsync<long>("SELECT last_sequence AS \"Value\" FROM journal_head");

        await ExecuteAsync(
            $"INSERT INTO journal_records SELECT {last + 1}, id || '', code, name, \"group\", class, occurred_at, recorded_at, tenant_id, project_id, user_id, user_login, " +
            $"client_ip, node_id, operation_key, entity_kind, entity_id, text, data, trace_id, signature, tenant_name, project_name FROM journal_records WHERE sequence = {last}");
        var broken = await VerifyAsync(admin);
        broken.GetProperty("firstViolation").GetProperty("sequence").GetInt64().ShouldBe(last + 1);
        broken.GetProperty("firstViolation").GetProperty("problem").GetString().ShouldBe("inserted");

        await ExecuteAsync($"DELETE FROM journal_records WHERE sequence = {last + 1}");
        (await VerifyAsync(admin)).GetProperty("valid").GetBoolean().ShouldBeTrue();
    }

    private static async Task<long> CreateProjectsAndPickMiddleAsync(HttpClient admin)
    {
        long middle = 0;
        for (var i = 0; i < 3; i++)
        {
            var response = await admin.PostAsJsonAsync("/api/v1/projects", new { name = "chain-" + Guid.NewGuid().ToString("N") }, TestContext.Current.CancellationToken);
            var id = (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
            if (i == 1)
            {
                middle = (await admin.EventsAsync($"codes=3000&projectId={id}"))[0].GetProperty("sequence").GetInt64();
            }
        }

        (await VerifyAsync(admin)).GetProperty("valid").GetBoolean().ShouldBeTrue();
        return middle;
    }

    private static async Task<JsonElement> VerifyAsync(HttpClient admin)
    {
        var response = await admin.GetAsync("/api/v1/events/verify", TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.ReadJsonAsync();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var scope = server.Scope();
        // The uuid column needs a uuid on PostgreSQL; SQLite keeps the text.
        var adapted = server.Provider == StorageProvider.Postgres ? sql.Replace("id || ''", "gen_random_uuid()", StringComparison.Ordinal) : sql.Replace("id || ''", "lower(hex(randomblob(16)))", StringComparison.Ordinal);
        await scope.ServiceProvider.GetRequiredService<DocketDbContext>().Database.ExecuteSqlRawAsync(adapted);
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var scope = server.Scope();
        return await scope.ServiceProvider.GetRequiredService<DocketDbContext>().Database.SqlQueryRaw<T>(sql).SingleAsync();
    }
}
