using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using Docket.Testing;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Export;

/// <summary>
/// The journal exported to a Splunk HEC receiver that speaks the documented protocol (auth, channels, acks,
/// gzip, error codes), through real subscriptions of the real server: order, acknowledgement, outages, and a
/// permanent refusal that stops only its own subscription.
/// </summary>
public sealed class HecExportTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_event_arrives_acknowledged_in_order_and_valid_against_the_schema()
    {
        await using var receiver = await HecReceiver.StartAsync(Cancellation);
        receiver.AddToken("good-token", ack: true, indexes: ["docket"]);
        var tenant = await server.CreateTenantAsync();
        var id = await SubscribeAsync(tenant.Admin, receiver, "good-token", useAck: true);

        for (var i = 0; i < 20; i++)
        {
            (await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = $"hec {i}" }, Cancellation)).EnsureSuccessStatusCode();
        }

        var events = await WaitForAsync(receiver, 20);
        events.Select(e => e.Event.GetProperty("body").GetProperty("FolderName").GetString()).ShouldBe(Enumerable.Range(0, 20).Select(i => $"hec {i}"));
        events.Select(e => e.Event.GetProperty("x-opt-sequence-number").GetInt64()).ShouldBeInOrder(SortDirection.Ascending);
        events.ShouldAllBe(e => e.Index == "docket" && e.SourceType == "docket:journal" && e.Gzipped);
        foreach (var received in events)
        {
            SchemaCheck.Validate(received.Event);
        }

        receiver.AckPolls.ShouldBeGreaterThan(0);
        var status = await SubscriptionStatus.GetAsync(tenant.Admin, id);
        status.GetProperty("state").GetString().ShouldBe("Running");
    }

    [Fact]
    public async Task A_receiver_outage_loses_nothing_and_repeats_at_most_one_batch()
    {
        await using var receiver = await HecReceiver.StartAsync(Cancellation);
        receiver.AddToken("outage-token", indexes: ["docket"]);
        var tenant = await server.CreateTenantAsync();
        var id = await SubscribeAsync(tenant.Admin, receiver, "outage-token", useAck: false, maxBatchEvents: 5);
        var names = new List<string>();

        async Task WriteAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var name = $"steady {names.Count}";
                names.Add(name);
                (await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name }, Cancellation)).EnsureSuccessStatusCode();
            }
        }

        await WriteAsync(10);
        await WaitForAsync(receiver, 10);
        receiver.Down = true;
        await WriteAsync(15);
        var retrying = await SubscriptionStatus.WaitAsync(tenant.Admin, id, s => s.GetProperty("state").GetString() == "Retrying");
        retrying.GetProperty("lastError").GetString().ShouldNotBeNullOrEmpty();
        retrying.GetProperty("lastErrorCleared").GetBoolean().ShouldBeFalse();
        retrying.GetProperty("lagEvents").GetInt64().ShouldBeGreaterThan(0);

        receiver.Down = false;
        await WriteAsync(5);
        var events = await WaitForAsync(receiver, names.Count);

        var received = events.Select(e => e.Event.GetProperty("body").GetProperty("FolderName").GetString()!).ToList();
        received.Distinct().ShouldBe(names);
        (received.Count - names.Count).ShouldBeLessThanOrEqualTo(5);
        events.Select(e => e.Event.GetProperty("x-opt-sequence-number").GetInt64()).Distinct().ShouldBeInOrder(SortDirection.Ascending);
        var running = await SubscriptionStatus.WaitAsync(tenant.Admin, id, s => s.GetProperty("state").GetString() == "Running");
        running.GetProperty("state").GetString().ShouldBe("Running");
        // The old failure stays visible, with its time, and says it has cleared.
        running.GetProperty("lastError").GetString().ShouldNotBeNullOrEmpty();
        running.GetProperty("lastErrorAt").GetDateTime().ShouldBe(retrying.GetProperty("lastErrorAt").GetDateTime(), TimeSpan.FromMinutes(1));
        running.GetProperty("lastErrorCleared").GetBoolean().ShouldBeTrue();
        (await tenant.Admin.EventsAsync($"codes=ExportSubscriptionRecovered&entityId={id}")).Length.ShouldBe(1);
    }

    [Fact]
    public async Task A_bad_token_fails_its_subscription_only_and_a_new_token_recovers_it()
    {
        await using var receiver = await HecReceiver.StartAsync(Cancellation);
        receiver.AddToken("right-token", indexes: ["docket"]);
        var tenant = await server.CreateTenantAsync();
        var broken = await SubscribeAsync(tenant.Admin, receiver, "wrong-token", useAck: false);
        var healthy = await SubscribeAsync(tenant.Admin, receiver, "right-token", useAck: false);

        (await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "seen by one" }, Cancellation)).EnsureSuccessStatusCode();

        var failing = await SubscriptionStatus.WaitAsync(tenant.Admin, broken, s => s.GetProperty("state").GetString() == "Failing");
        failing.GetProperty("state").GetString().ShouldBe("Failing");
        failing.GetProperty("lastError").GetString()!.ShouldContain("code 4");
        failing.GetProperty("lastError").GetString()!.ShouldNotContain("wrong-token");
        (await WaitForAsync(receiver, 1)).Single().Event.GetProperty("body").GetProperty("FolderName").GetString().ShouldBe("seen by one");
        (await SubscriptionStatus.GetAsync(tenant.Admin, healthy)).GetProperty("state").GetString().ShouldBe("Running");
        var failed = await tenant.Admin.EventsAsync($"codes=ExportSubscriptionFailed&entityId={broken}");
        failed.Length.ShouldBe(1);
        failed[0].GetProperty("class").GetString().ShouldBe("Error");

        var shown = await tenant.Admin.GetStringAsync($"/api/v1/export/subscriptions/{broken}", Cancellation);
        shown.ShouldNotContain("wrong-token");
        var fixedSettings = await tenant.Admin.PutAsJsonAsync($"/api/v1/export/subscriptions/{broken}", new
        {
            name = "fixed",
            sink = "SplunkHec",
            settings = new { url = receiver.BaseAddress.ToString(), token = "right-token", index = "docket", useAck = false },
        }, Cancellation);
        fixedSettings.StatusCode.ShouldBe(HttpStatusCode.OK, await fixedSettings.Content.ReadAsStringAsync(Cancellation));

        await WaitForAsync(receiver, 2);
        // Delivered counts every record the recovered subscription sent, its own state changes among them.
        var recovered = await SubscriptionStatus.WaitAsync(tenant.Admin, broken, s => s.GetProperty("state").GetString() == "Running" && s.GetProperty("deliveredCount").GetInt64() >= 1);
        recovered.GetProperty("lagEvents").GetInt64().ShouldBe(0);
        (await tenant.Admin.EventsAsync($"codes=ExportSubscriptionRecovered&entityId={broken}")).Length.ShouldBe(1);
    }

    private static async Task<Guid> SubscribeAsync(HttpClient client, HecReceiver receiver, string token, bool useAck, int maxBatchEvents = 100)
    {
        var response = await client.PostAsJsonAsync("/api/v1/export/subscriptions", new
        {
            name = "hec " + Guid.NewGuid().ToString("N")[..8],
            sink = "SplunkHec",
            settings = new { url = receiver.BaseAddress.ToString(), token, index = "docket", useAck },
            filter = new { codes = new[] { "ProjectCreated" } },
            maxBatchEvents,
            lingerMilliseconds = 0,
        }, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        var created = await response.ReadJsonAsync();
        created.GetProperty("settings").GetProperty("token").GetString().ShouldBe("***");
        return created.GetProperty("id").GetGuid();
    }

    private static async Task<IReadOnlyList<HecEvent>> WaitForAsync(HecReceiver receiver, int count)
    {
        for (var i = 0; i < 600; i++)
        {
            if (receiver.Events.Count >= count)
            {
                // Let a batch in flight land, so a test sees every duplicate it would cause.
                await Task.Delay(200, Cancellation);
                return receiver.Events;
            }

            await Task.Delay(50, Cancellation);
        }

        throw new ShouldAssertException($"Expected {count} events at the receiver, got {receiver.Events.Count}.");
    }
}
