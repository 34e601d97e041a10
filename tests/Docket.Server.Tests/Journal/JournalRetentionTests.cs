using System.Net.Http.Json;
using Docket.Server.Journal;
using Docket.Server.Storage;
using Docket.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Journal;

public sealed class JournalRetentionTests(RetentionServer server) : IClassFixture<RetentionServer>
{
    [Fact]
    public async Task Retention_removes_records_past_their_age_and_the_rest_of_the_chain_still_verifies()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var admin = await server.AdminAsync();
        for (var i = 0; i < 4; i++)
        {
            (await admin.PostAsJsonAsync("/api/v1/projects", new { name = $"kept {i}" }, cancellation)).EnsureSuccessStatusCode();
        }

        long oldest;
        await using (var scope = server.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
            // Age the first records as if they were written 40 days ago.
            oldest = await db.JournalRecords.OrderBy(r => r.Sequence).Skip(2).Select(r => r.Sequence).FirstAsync(cancellation);
            var aged = TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-40);
            await db.JournalRecords.Where(r => r.Sequence <= oldest).ExecuteUpdateAsync(s => s.SetProperty(r => r.RecordedAt, aged), cancellation);

            var removed = await server.App.Services.GetRequiredService<JournalRetentionService>().PruneAsync(db, scope.ServiceProvider.GetRequiredService<IJournal>(), cancellation);

            removed.ShouldBe(oldest);
            (await db.JournalRecords.MinAsync(r => r.Sequence, cancellation)).ShouldBe(oldest + 1);
            (await db.JournalHeads.SingleAsync(cancellation)).AnchorSequence.ShouldBe(oldest);
        }

        var verification = await (await admin.GetAsync("/api/v1/events/verify", cancellation)).ReadJsonAsync();
        verification.GetProperty("valid").GetBoolean().ShouldBeTrue();
        verification.GetProperty("firstSequence").GetInt64().ShouldBe(oldest + 1);

        // Appending goes on from the head as before.
        (await admin.PostAsJsonAsync("/api/v1/projects", new { name = "after retention" }, cancellation)).EnsureSuccessStatusCode();
        (await (await admin.GetAsync("/api/v1/events/verify", cancellation)).ReadJsonAsync()).GetProperty("valid").GetBoolean().ShouldBeTrue();
    }
}
