using System.Net;
using System.Net.Http.Json;
using Docket.Server.Export;
using Docket.Server.Storage;
using Docket.Server.Tests.Infrastructure;
using Docket.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Export;

/// <summary>A replica that stops cleanly hands its subscriptions back, so that another replica need not wait out the lease.</summary>
public sealed class ExportShutdownTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_replica_that_stops_cleanly_releases_the_lease_of_a_subscription_whose_batch_is_in_flight()
    {
        await using var receiver = await HecReceiver.StartAsync(Cancellation);
        receiver.AddToken("shutdown-token", indexes: ["docket"]);
        using var admin = await server.AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/export/subscriptions", new
        {
            name = "shutdown",
            sink = "SplunkHec",
            settings = new { url = receiver.BaseAddress.ToString(), token = "shutdown-token", index = "docket", useAck = false, requestTimeout = "00:10:00" },
            filter = new { codes = new[] { "ProjectCreated" } },
            lingerMilliseconds = 0,
        }, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        var id = (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
        receiver.HoldAnswers();
        (await admin.PostAsJsonAsync("/api/v1/projects", new { name = "in flight at shutdown" }, Cancellation)).EnsureSuccessStatusCode();
        await receiver.WaitForHeldAsync(1, TimeSpan.FromMinutes(1), Cancellation);
        var inFlight = receiver.Batches[^1];
        (await SubscriptionStatus.GetAsync(admin, id)).GetProperty("leaseOwner").GetString().ShouldStartWith("test-node/");

        await server.App.StopAsync(Cancellation);

        await using var scope = server.Scope();
        var row = await scope.ServiceProvider.GetRequiredService<DocketDbContext>().ExportSubscriptions.AsNoTracking().SingleAsync(s => s.Id == id, Cancellation);
        (row.LeaseOwner, row.LeaseUntil).ShouldBe((null, null), "the lease was released before the server stopped");
        row.Cursor.ShouldBeLessThan(inFlight.Sequences.Min(), "the batch in flight was not confirmed");
    }
}
