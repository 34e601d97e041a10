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

/// <summary>
/// Sink secrets (HEC tokens, webhook secrets): a secret sent back as "***" is kept only while it still goes where it
/// went; secrets are encrypted in the database; the key files are the owner's alone from the moment they exist.
/// </summary>
public sealed class ExportSecretTests(DocketServer server) : IClassFixture<DocketServer>
{
    private const string WebhookSecret = "whsec-kept-0123456789abcdef";
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_HEC_token_kept_as_stars_does_not_follow_a_changed_url()
    {
        await using var collector = await HecReceiver.StartAsync(Cancellation);
        await using var elsewhere = await HecReceiver.StartAsync(Cancellation);
        collector.AddToken("the-real-token", indexes: ["docket"]);
        var tenant = await server.CreateTenantAsync();
        var id = await CreateAsync(tenant.Admin, "SplunkHec", new { url = collector.BaseAddress.ToString(), token = "the-real-token", index = "docket" }, enabled: false);

        foreach (var url in new[] { elsewhere.BaseAddress.ToString(), collector.BaseAddress.ToString().Replace("127.0.0.1", "localhost", StringComparison.Ordinal) })
        {
            var moved = await tenant.Admin.PutAsJsonAsync($"/api/v1/export/subscriptions/{id}", Request("SplunkHec", new { url, token = "***", index = "docket" }, enabled: false), Cancellation);
            var problem = await moved.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            var error = problem.GetProperty("errors").GetProperty("settings.token")[0].GetString().ShouldNotBeNull();
            error.ShouldContain("url");
        }

        (await tenant.Admin.PostAsync($"/api/v1/export/subscriptions/{id}/resume", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "after the refused change" }, Cancellation)).EnsureSuccessStatusCode();
        await SubscriptionStatus.WaitAsync(tenant.Admin, id, s => s.GetProperty("deliveredCount").GetInt64() >= 1);
        elsewhere.EventRequests.ShouldBe(0);
        collector.Events.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_webhook_secret_kept_as_stars_does_not_follow_a_changed_url_but_stays_when_the_url_stays()
    {
        var tenant = await server.CreateTenantAsync();
        var id = await CreateAsync(tenant.Admin, "Webhook", new { url = "http://127.0.0.1:9/hook", secret = WebhookSecret }, enabled: false);

        var moved = await tenant.Admin.PutAsJsonAsync($"/api/v1/export/subscriptions/{id}",
            Request("Webhook", new { url = "http://127.0.0.1:10/hook", secret = "***" }, enabled: false), Cancellation);
        var problem = await moved.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("settings.secret")[0].GetString().ShouldNotBeNull().ShouldContain("url");
        var insecure = await tenant.Admin.PutAsJsonAsync($"/api/v1/export/subscriptions/{id}",
            Request("Webhook", new { url = "http://127.0.0.1:9/hook", secret = "***", allowInsecureHttp = true }, enabled: false), Cancellation);
        insecure.StatusCode.ShouldBe(HttpStatusCode.OK, await insecure.Content.ReadAsStringAsync(Cancellation));

        var kept = await tenant.Admin.PutAsJsonAsync($"/api/v1/export/subscriptions/{id}",
            Request("Webhook", new { url = "http://127.0.0.1:9/hook", secret = "***", timeout = "00:00:05" }, enabled: false), Cancellation);
        kept.StatusCode.ShouldBe(HttpStatusCode.OK, await kept.Content.ReadAsStringAsync(Cancellation));
        (await StoredSecretAsync(id, "secret")).ShouldBe(WebhookSecret);

        var resent = await tenant.Admin.PutAsJsonAsync($"/api/v1/export/subscriptions/{id}",
            Request("Webhook", new { url = "http://127.0.0.1:10/hook", secret = "whsec-new-receiver-0123456789" }, enabled: false), Cancellation);
        resent.StatusCode.ShouldBe(HttpStatusCode.OK, await resent.Content.ReadAsStringAsync(Cancellation));
        (await StoredSecretAsync(id, "secret")).ShouldBe("whsec-new-receiver-0123456789");

        // A secret that merely looks encrypted is a secret like any other.
        var lookalike = await tenant.Admin.PutAsJsonAsync($"/api/v1/export/subscriptions/{id}",
            Request("Webhook", new { url = "http://127.0.0.1:10/hook", secret = "enc:v1:not-really-sealed-0123" }, enabled: false), Cancellation);
        lookalike.StatusCode.ShouldBe(HttpStatusCode.OK, await lookalike.Content.ReadAsStringAsync(Cancellation));
        (await StoredSecretAsync(id, "secret")).ShouldBe("enc:v1:not-really-sealed-0123");
    }

    [Fact]
    public async Task Stars_with_no_stored_secret_to_keep_are_refused()
    {
        var tenant = await server.CreateTenantAsync();

        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/export/subscriptions",
            Request("SplunkHec", new { url = "http://127.0.0.1:9/", token = "***" }, enabled: false), Cancellation);

        var problem = await created.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("settings.token")[0].GetString().ShouldNotBeNull().ShouldContain("***");
    }

    [Fact]
    public async Task Secrets_are_encrypted_in_the_database_and_still_reach_the_receiver()
    {
        await using var collector = await HecReceiver.StartAsync(Cancellation);
        const string token = "token-that-must-not-be-stored-in-clear";
        collector.AddToken(token, indexes: ["docket"]);
        var tenant = await server.CreateTenantAsync();
        var hec = await CreateAsync(tenant.Admin, "SplunkHec", new { url = collector.BaseAddress.ToString(), token, index = "docket" });
        var webhook = await CreateAsync(tenant.Admin, "Webhook", new { url = "http://127.0.0.1:9/hook", secret = WebhookSecret }, enabled: false);

        (await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "through an encrypted token" }, Cancellation)).EnsureSuccessStatusCode();
        await SubscriptionStatus.WaitAsync(tenant.Admin, hec, s => s.GetProperty("deliveredCount").GetInt64() >= 1);

        (await RowAsync(hec)).ShouldNotContain(token);
        (await RowAsync(webhook)).ShouldNotContain(WebhookSecret);
        (await RowAsync(webhook)).ShouldContain("127.0.0.1:9");
        collector.Events.ShouldContain(e => e.Event.GetProperty("body").GetProperty("FolderName").GetString() == "through an encrypted token");
    }

    [Fact]
    public async Task A_secret_stored_in_clear_by_an_earlier_version_still_works_and_is_encrypted_at_start_and_on_the_next_save()
    {
        await using var collector = await HecReceiver.StartAsync(Cancellation);
        const string token = "token-stored-in-clear-before";
        collector.AddToken(token, indexes: ["docket"]);
        var tenant = await server.CreateTenantAsync();
        var url = collector.BaseAddress.ToString();
        var first = await CreateAsync(tenant.Admin, "SplunkHec", new { url, token, index = "docket" }, enabled: false);
        var second = await CreateAsync(tenant.Admin, "SplunkHec", new { url, token, index = "docket" }, enabled: false);
        var clear = $$"""{"url":"{{url}}","token":"{{token}}","index":"docket"}""";
        await using (var scope = server.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
            await db.ExportSubscriptions.Where(s => s.Id == first || s.Id == second).ExecuteUpdateAsync(s => s.SetProperty(x => x.SinkSettings, clear), Cancellation);
        }

        (await tenant.Admin.PostAsync($"/api/v1/export/subscriptions/{first}/resume", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "read in clear" }, Cancellation)).EnsureSuccessStatusCode();
        await SubscriptionStatus.WaitAsync(tenant.Admin, first, s => s.GetProperty("deliveredCount").GetInt64() >= 1);
        collector.Events.ShouldContain(e => e.Event.GetProperty("body").GetProperty("FolderName").GetString() == "read in clear");

        var saved = await tenant.Admin.PutAsJsonAsync($"/api/v1/export/subscriptions/{first}", Request("SplunkHec", new { url, token = "***", index = "docket" }), Cancellation);
        saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync(Cancellation));
        (await RowAsync(first)).ShouldNotContain(token);
        (await StoredSecretAsync(first, "token")).ShouldBe(token);

        // What a start does for every row still in clear.
        await using (var scope = server.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<SinkSecretsUpgrade>().RunAsync(Cancellation);
        }

        (await RowAsync(second)).ShouldNotContain(token);
        (await StoredSecretAsync(second, "token")).ShouldBe(token);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_secrets_folder_and_key_files_are_the_owners_alone()
    {
        var secrets = Path.Combine(server.DataDirectory, "secrets");

        File.GetUnixFileMode(secrets).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var key in new[] { "journal-signing.key", "export-secrets.key" })
        {
            File.GetUnixFileMode(Path.Combine(secrets, key)).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite, key);
        }
    }

    private static object Request(string sink, object settings, bool enabled = true) => new
    {
        name = sink.ToLowerInvariant() + " " + Guid.NewGuid().ToString("N")[..8],
        sink,
        settings,
        filter = new { codes = new[] { "ProjectCreated" } },
        lingerMilliseconds = 0,
        enabled,
    };

    private static async Task<Guid> CreateAsync(HttpClient client, string sink, object settings, bool enabled = true)
    {
        var response = await client.PostAsJsonAsync("/api/v1/export/subscriptions", Request(sink, settings, enabled), Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>The settings column exactly as the database holds it.</summary>
    private async Task<string> RowAsync(Guid id)
    {
        await using var scope = server.Scope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        return await db.ExportSubscriptions.AsNoTracking().Where(s => s.Id == id).Select(s => s.SinkSettings).SingleAsync(Cancellation);
    }

    /// <summary>The stored secret as the runner reads it (decrypted).</summary>
    private async Task<string?> StoredSecretAsync(Guid id, string name)
    {
        await using var scope = server.Scope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        var subscription = await db.ExportSubscriptions.AsNoTracking().SingleAsync(s => s.Id == id, Cancellation);
        var plain = scope.ServiceProvider.GetRequiredService<IExportSinkFactory>().Unprotect(subscription.Sink, subscription.SinkSettings, subscription.Id);
        using var json = System.Text.Json.JsonDocument.Parse(plain);
        return json.RootElement.GetProperty(name).GetString();
    }
}
