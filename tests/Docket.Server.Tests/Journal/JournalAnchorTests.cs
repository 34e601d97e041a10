using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Journal;
using Docket.Server.Storage;
using Docket.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Journal;

/// <summary>
/// The start of the chain: only retention, which holds the signing key, may move it, and it signs each move into the
/// chain (91000). Deleting the oldest records and pointing the head's anchor at the last one deleted is found.
/// </summary>
public sealed class JournalAnchorTests(RetentionServer server) : IClassFixture<RetentionServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private readonly JournalTampering tampering = new(server);

    [Fact]
    public async Task Deleting_the_oldest_records_and_moving_the_anchor_over_them_is_found()
    {
        using var admin = await server.AdminAsync();
        await CreateProjectsAsync(admin, 4);
        var head = await tampering.HeadAsync();
        var (third, thirdSignature) = await tampering.RecordAsync(head.AnchorSequence + 3);

        await tampering.RemoveAsync(head.AnchorSequence + 1, third, "anchor_stash_1");
        await tampering.SetAnchorAsync(third, thirdSignature);
        var broken = await VerifyAsync(admin);
        await tampering.SetAnchorAsync(head.AnchorSequence, head.AnchorSignature);
        await tampering.RestoreAsync("anchor_stash_1");

        broken.GetProperty("valid").GetBoolean().ShouldBeFalse(broken.GetRawText());
        broken.GetProperty("firstViolation").GetProperty("problem").GetString().ShouldBe("removed");
        broken.GetProperty("firstViolation").GetProperty("sequence").GetInt64().ShouldBe(third);
        (await VerifyAsync(admin)).GetProperty("valid").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Retention_signs_the_anchor_it_moves_into_the_chain_and_vouches_for_that_anchor_only()
    {
        using var admin = await server.AdminAsync();
        await CreateProjectsAsync(admin, 6);
        var before = await tampering.HeadAsync();
        var oldest = before.AnchorSequence + 3;
        await using (var scope = server.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
            var aged = TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-40);
            await db.JournalRecords.Where(r => r.Sequence <= oldest).ExecuteUpdateAsync(s => s.SetProperty(r => r.RecordedAt, aged), Cancellation);
            await server.App.Services.GetRequiredService<JournalRetentionService>().PruneAsync(db, scope.ServiceProvider.GetRequiredService<IJournal>(), Cancellation);
        }

        var head = await tampering.HeadAsync();
        head.AnchorSequence.ShouldBe(oldest);
        var vouch = (await admin.EventsAsync("codes=91000&limit=1")).ShouldHaveSingleItem();
        vouch.GetProperty("sequence").GetInt64().ShouldBeGreaterThan(oldest);
        vouch.GetProperty("data").GetProperty("anchorSequence").GetInt64().ShouldBe(oldest);
        vouch.GetProperty("data").GetProperty("anchorSignature").GetString().ShouldBe(head.AnchorSignature);
        (await VerifyAsync(admin)).GetProperty("valid").GetBoolean().ShouldBeTrue();

        // The vouch names one anchor: trimming two more records by hand is found.
        var (next, nextSignature) = await tampering.RecordAsync(oldest + 2);
        await tampering.RemoveAsync(oldest + 1, next, "anchor_stash_2");
        await tampering.SetAnchorAsync(next, nextSignature);
        var broken = await VerifyAsync(admin);
        await tampering.SetAnchorAsync(head.AnchorSequence, head.AnchorSignature);
        await tampering.RestoreAsync("anchor_stash_2");

        broken.GetProperty("valid").GetBoolean().ShouldBeFalse(broken.GetRawText());
        broken.GetProperty("firstViolation").GetProperty("sequence").GetInt64().ShouldBe(next);
        (await VerifyAsync(admin)).GetProperty("valid").GetBoolean().ShouldBeTrue();
    }

    private static async Task CreateProjectsAsync(HttpClient admin, int count)
    {
        for (var i = 0; i < count; i++)
        {
            (await admin.PostAsJsonAsync("/api/v1/projects", new { name = "anchor-" + Guid.NewGuid().ToString("N") }, Cancellation)).EnsureSuccessStatusCode();
        }
    }

    private static async Task<JsonElement> VerifyAsync(HttpClient admin)
    {
        var response = await admin.GetAsync("/api/v1/events/verify", Cancellation);
        response.EnsureSuccessStatusCode();
        return await response.ReadJsonAsync();
    }
}
