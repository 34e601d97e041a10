using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using Docket.Testing;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Export;

/// <summary>
/// Export never slows the writers: with a receiver that takes a batch and never answers, every write through the API
/// still completes with its events committed, while the subscription's cursor stays put and its lag grows. No timing
/// is measured: a write that waited on the export would wait for an answer that does not come.
/// </summary>
public sealed class ExportSlowReceiverTests(DocketServer server) : IClassFixture<DocketServer>
{
    private const int Updates = 30;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_receiver_that_never_answers_holds_up_no_journal_write()
    {
        await using var receiver = await HecReceiver.StartAsync(Cancellation);
        receiver.AddToken("slow-token", indexes: ["docket"]);
        receiver.HoldAnswers();
        var tenant = await server.CreateTenantAsync();
        var id = await SubscribeAsync(tenant.Admin, receiver);

        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "slow 0" }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var projectId = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        await receiver.WaitForHeldAsync(1, TimeSpan.FromMinutes(2), Cancellation);
        var stuck = await SubscriptionStatus.GetAsync(tenant.Admin, id);

        for (var i = 1; i <= Updates; i++)
        {
            var updated = await tenant.Admin.PutAsJsonAsync($"/api/v1/projects/{projectId}", new { name = $"slow {i}" }, Cancellation);
            updated.StatusCode.ShouldBe(HttpStatusCode.OK, await updated.Content.ReadAsStringAsync(Cancellation));
        }

        (await tenant.Admin.EventsAsync($"codes=ProjectUpdated&entityId={projectId}&limit=100")).Length.ShouldBe(Updates);
        var behind = await SubscriptionStatus.GetAsync(tenant.Admin, id);
        receiver.Batches.Count.ShouldBe(receiver.HeldRequests, "the receiver answered a batch");
        behind.GetProperty("lastDeliveredSequence").GetInt64().ShouldBe(stuck.GetProperty("lastDeliveredSequence").GetInt64());
        behind.GetProperty("deliveredCount").GetInt64().ShouldBe(0);
        behind.GetProperty("lagEvents").GetInt64().ShouldBeGreaterThanOrEqualTo(stuck.GetProperty("lagEvents").GetInt64() + Updates);

        receiver.ReleaseAnswers();
        var names = await WaitForNamesAsync(receiver, Updates + 1);
        names.ShouldBe(Enumerable.Range(0, Updates + 1).Select(i => $"slow {i}"));
        var caughtUp = await SubscriptionStatus.WaitAsync(tenant.Admin, id, s => s.GetProperty("lagEvents").GetInt64() == 0);
        caughtUp.GetProperty("deliveredCount").GetInt64().ShouldBe(Updates + 1);
    }

    private static async Task<Guid> SubscribeAsync(HttpClient client, HecReceiver receiver)
    {
        var response = await client.PostAsJsonAsync("/api/v1/export/subscriptions", new
        {
            name = "slow " + Guid.NewGuid().ToString("N")[..8],
            sink = "SplunkHec",
            // The held batch stays in flight for the whole test rather than timing out and going again.
            settings = new { url = receiver.BaseAddress.ToString(), token = "slow-token", index = "docket", useAck = false, requestTimeout = "00:10:00" },
            filter = new { codes = new[] { "ProjectCreated", "ProjectUpdated" } },
            maxBatchEvents = 5,
            lingerMilliseconds = 0,
        }, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>The project names of the received events, first sightings only, once <paramref name="count"/> of them arrived.</summary>
    private static async Task<List<string>> WaitForNamesAsync(HecReceiver receiver, int count)
    {
        for (var i = 0; i < 1200; i++)
        {
            var names = receiver.Events.Select(e => e.Event.GetProperty("body").GetProperty("Text").GetString()!).Distinct().ToList();
            if (names.Count >= count)
            {
                return names;
            }

            await Task.Delay(100, Cancellation);
        }

        throw new ShouldAssertException($"Expected {count} project names at the receiver, got {receiver.Events.Count} events.");
    }
}
