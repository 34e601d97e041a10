using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using Docket.Server.Tests.Markings;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Export;

/// <summary>Subscriptions end to end through the API, delivering to the file sink of the real server.</summary>
public sealed class ExportSubscriptionTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_subscription_delivers_matching_records_in_order_as_schema_valid_envelopes()
    {
        var tenant = await server.CreateTenantAsync();
        var folder = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        var subscription = await CreateAsync(tenant.Admin, folder, codes: ["ProjectCreated", "3002"]);
        var id = subscription.GetProperty("id").GetGuid();
        folder = Path.Combine(tenant.Id.ToString(), folder);

        var names = new[] { "Накладные", "Invoices", "請求書" };
        var ids = new List<Guid>();
        foreach (var name in names)
        {
            ids.Add((await (await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name }, Cancellation)).ReadJsonAsync()).GetProperty("id").GetGuid());
        }

        (await tenant.Admin.DeleteAsync($"/api/v1/projects/{ids[0]}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var lines = await WaitForLinesAsync(folder, 4);
        var envelopes = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        envelopes.Select(e => e.GetProperty("body").GetProperty("Code").GetInt32()).ShouldBe([3000, 3000, 3000, 3002]);
        envelopes.Take(3).Select(e => e.GetProperty("body").GetProperty("FolderName").GetString()).ShouldBe(names);
        envelopes.Select(e => e.GetProperty("x-opt-sequence-number").GetInt64()).ShouldBeInOrder(SortDirection.Ascending);
        envelopes.ShouldAllBe(e => e.GetProperty("body").GetProperty("TenantKey").GetGuid() == tenant.Id);
        envelopes[0].GetProperty("body").GetProperty("TenantName").GetString().ShouldBe(tenant.Name);
        envelopes[0].GetProperty("body").GetProperty("Project").GetProperty("name").GetString().ShouldBe("Накладные");
        envelopes[0].GetProperty("body").GetProperty("EventType").GetString().ShouldBe("project.ProjectCreated");
        envelopes[0].GetProperty("body").GetProperty("UserName").GetString().ShouldBe("tadmin");
        envelopes[0].GetProperty("Diagnostic-Id").GetString().ShouldNotBeNullOrEmpty();
        foreach (var envelope in envelopes)
        {
            SchemaCheck.Validate(envelope);
        }

        var status = await SubscriptionStatus.WaitAsync(tenant.Admin, id, s => s.GetProperty("deliveredCount").GetInt64() == 4);
        status.GetProperty("state").GetString().ShouldBe("Running");
        status.GetProperty("lastDeliveredSequence").GetInt64().ShouldBeGreaterThanOrEqualTo(envelopes[^1].GetProperty("x-opt-sequence-number").GetInt64());
        (await tenant.Admin.EventsAsync($"codes=ExportSubscriptionCreated&entityId={id}")).Length.ShouldBe(1);
    }

    [Fact]
    public async Task Pause_holds_delivery_resume_catches_up_and_replay_sends_again()
    {
        var tenant = await server.CreateTenantAsync();
        var folder = "pause-" + Guid.NewGuid().ToString("N")[..8];
        var id = (await CreateAsync(tenant.Admin, folder, codes: ["3000"])).GetProperty("id").GetGuid();
        folder = Path.Combine(tenant.Id.ToString(), folder);
        (await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "first" }, Cancellation)).EnsureSuccessStatusCode();
        var first = await WaitForLinesAsync(folder, 1);

        (await tenant.Admin.PostAsync($"/api/v1/export/subscriptions/{id}/pause", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "while paused" }, Cancellation)).EnsureSuccessStatusCode();
        await Task.Delay(1500, Cancellation);
        Lines(folder).Count.ShouldBe(1);
        var paused = await SubscriptionStatus.GetAsync(tenant.Admin, id);
        paused.GetProperty("state").GetString().ShouldBe("Paused");
        paused.GetProperty("lagEvents").GetInt64().ShouldBeGreaterThan(0);

        (await tenant.Admin.PostAsync($"/api/v1/export/subscriptions/{id}/resume", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var caughtUp = await WaitForLinesAsync(folder, 2);
        JsonDocument.Parse(caughtUp[1]).RootElement.GetProperty("body").GetProperty("FolderName").GetString().ShouldBe("while paused");

        var firstSequence = JsonDocument.Parse(first[0]).RootElement.GetProperty("x-opt-sequence-number").GetInt64();
        var replay = await tenant.Admin.PostAsJsonAsync($"/api/v1/export/subscriptions/{id}/replay", new { fromSequence = firstSequence }, Cancellation);
        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        var replayed = await WaitForLinesAsync(folder, 4);
        replayed[2].ShouldBe(caughtUp[0]);
        replayed[3].ShouldBe(caughtUp[1]);

        (await tenant.Admin.EventsAsync($"entityId={id}&codes=ExportSubscriptionPaused,ExportSubscriptionResumed,ExportSubscriptionReplayed")).Length.ShouldBe(3);
    }

    [Fact]
    public async Task A_replay_after_a_rename_gives_the_same_envelopes_with_the_name_at_record_time()
    {
        var tenant = await server.CreateTenantAsync();
        var folder = "rename-" + Guid.NewGuid().ToString("N")[..8];
        var id = (await CreateAsync(tenant.Admin, folder, codes: ["ProjectCreated", "ProjectUpdated"])).GetProperty("id").GetGuid();
        folder = Path.Combine(tenant.Id.ToString(), folder);
        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "Счета 2025" }, Cancellation);
        var project = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        using var rename = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/projects/{project}") { Content = JsonContent.Create(new { name = "Invoices 2026" }) };
        rename.Headers.IfMatch.Add(created.Headers.ETag!);
        (await tenant.Admin.SendAsync(rename, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var first = await WaitForLinesAsync(folder, 2);

        var from = JsonDocument.Parse(first[0]).RootElement.GetProperty("x-opt-sequence-number").GetInt64();
        (await tenant.Admin.PostAsJsonAsync($"/api/v1/export/subscriptions/{id}/replay", new { fromSequence = from }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var replayed = (await WaitForLinesAsync(folder, 4)).Skip(2).ToList();

        var body = JsonDocument.Parse(replayed[0]).RootElement.GetProperty("body");
        body.GetProperty("Code").GetInt32().ShouldBe(3000);
        body.GetProperty("FolderName").GetString().ShouldBe("Счета 2025");
        body.GetProperty("FullFolderPath").GetString().ShouldBe("/Счета 2025");
        JsonDocument.Parse(replayed[1]).RootElement.GetProperty("body").GetProperty("FolderName").GetString().ShouldBe("Invoices 2026");
        replayed.ShouldBe(first, "a replay sends the bytes it sent the first time");
    }

    [Fact]
    public async Task Records_about_a_removed_projects_contents_still_name_its_folder_and_tenant()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.Admin.CreateProjectAsync("Накладные");
        var scheme = (await tenant.Admin.CreateSchemeAsync(project)).GetProperty("id").GetGuid();
        (await tenant.Admin.DeleteAsync($"/api/v1/marking-schemes/{scheme}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await tenant.Admin.DeleteAsync($"/api/v1/projects/{project}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // A subscription made after the removal replays the records: nothing of the project is left to look up.
        var folder = "removed-" + Guid.NewGuid().ToString("N")[..8];
        var id = (await CreateAsync(tenant.Admin, folder, codes: ["MarkingSchemeCreated", "MarkingSchemeRemoved", "ProjectRemoved"])).GetProperty("id").GetGuid();
        folder = Path.Combine(tenant.Id.ToString(), folder);
        var from = (await tenant.Admin.EventsAsync($"codes=MarkingSchemeCreated&projectId={project}"))[0].GetProperty("sequence").GetInt64();
        (await tenant.Admin.PostAsJsonAsync($"/api/v1/export/subscriptions/{id}/replay", new { fromSequence = from }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var replayed = await WaitForLinesAsync(folder, 3);

        var bodies = replayed.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("body")).ToList();
        bodies.Select(b => b.GetProperty("Code").GetInt32()).ShouldBe([5000, 5002, 3002]);
        bodies.ShouldAllBe(b => b.GetProperty("FolderName").GetString() == "Накладные");
        bodies.ShouldAllBe(b => b.GetProperty("FullFolderPath").GetString() == "/Накладные");
        bodies.ShouldAllBe(b => b.GetProperty("TenantName").GetString() == tenant.Name);
    }

    [Fact]
    public async Task Bad_subscriptions_are_refused_and_secrets_are_never_shown()
    {
        var tenant = await server.CreateTenantAsync();
        var escape = await tenant.Admin.PostAsJsonAsync("/api/v1/export/subscriptions",
            new { name = "escape", sink = "File", settings = new { directory = "../../etc" } }, Cancellation);
        await escape.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var absolute = await tenant.Admin.PostAsJsonAsync("/api/v1/export/subscriptions",
            new { name = "absolute", sink = "File", settings = new { directory = "/tmp/x" } }, Cancellation);
        await absolute.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var unknownCode = await tenant.Admin.PostAsJsonAsync("/api/v1/export/subscriptions",
            new { name = "codes", sink = "File", settings = new { directory = "x" }, filter = new { codes = new[] { "NoSuchEvent" } } }, Cancellation);
        await unknownCode.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var unknownSetting = await tenant.Admin.PostAsJsonAsync("/api/v1/export/subscriptions",
            new { name = "typo", sink = "File", settings = new { directroy = "x" } }, Cancellation);
        await unknownSetting.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var otherTenant = await tenant.Admin.PostAsJsonAsync("/api/v1/export/subscriptions",
            new { name = "spy", sink = "File", settings = new { directory = "x" }, filter = new { tenants = new[] { Guid.NewGuid() } } }, Cancellation);
        await otherTenant.ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        var webhook = await tenant.Admin.PostAsJsonAsync("/api/v1/export/subscriptions",
            new { name = "hook", sink = "Webhook", settings = new { url = "http://127.0.0.1:9/hook", secret = "s3cret-value-123" }, enabled = false }, Cancellation);
        webhook.StatusCode.ShouldBe(HttpStatusCode.Created, await webhook.Content.ReadAsStringAsync(Cancellation));
        var id = (await webhook.ReadJsonAsync()).GetProperty("id").GetGuid();
        (await tenant.Admin.GetStringAsync($"/api/v1/export/subscriptions/{id}", Cancellation)).ShouldNotContain("s3cret-value-123");
        (await tenant.Admin.GetStringAsync("/api/v1/events/export?format=ndjson", Cancellation)).ShouldNotContain("s3cret-value-123");
    }

    private static async Task<JsonElement> CreateAsync(HttpClient client, string folder, string[] codes)
    {
        var response = await client.PostAsJsonAsync("/api/v1/export/subscriptions", new
        {
            name = "file " + folder,
            sink = "File",
            settings = new { directory = folder },
            filter = new { codes },
            lingerMilliseconds = 0,
        }, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        return await response.ReadJsonAsync();
    }

    /// <summary>The lines under <c>&lt;data&gt;/exports/&lt;tenant id&gt;/&lt;folder&gt;</c>.</summary>
    private List<string> Lines(string folder)
    {
        var directory = Path.Combine(server.DataDirectory, "exports", folder);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return [.. Directory.GetFiles(directory, "*.ndjson").Order().SelectMany(File.ReadAllLines).Where(l => l.Length > 0)];
    }

    private async Task<List<string>> WaitForLinesAsync(string folder, int count)
    {
        for (var i = 0; i < 200; i++)
        {
            var lines = Lines(folder);
            if (lines.Count >= count)
            {
                return lines;
            }

            await Task.Delay(50, Cancellation);
        }

        throw new ShouldAssertException($"Expected {count} exported lines in {folder}, found {Lines(folder).Count}.");
    }
}
