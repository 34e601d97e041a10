using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Identity;

/// <summary>
/// Cross-site request forgery: a write that the console cookie authenticates must come from the server's own origin
/// (Origin, else Referer). A bearer token or API key is never sent by a browser on its own, so those calls are free.
/// </summary>
public sealed class CookieOriginTests(DocketServer server) : IClassFixture<DocketServer>
{
    private const string Foreign = "https://evil.example";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_cookie_write_with_no_body_from_a_foreign_origin_is_refused_and_changes_nothing()
    {
        var tenant = await server.CreateTenantAsync();
        var (_, victimId) = await server.CreateUserWithIdAsync(tenant, ("Project", ["View"]));
        using var browser = await CookieBrowserAsync(tenant);

        using var forged = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/users/{victimId}/block");
        forged.Headers.Add("Origin", Foreign);
        var response = await browser.SendAsync(forged, Cancellation);

        (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).GetProperty("detail").GetString()!.ShouldContain("Origin");
        (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/users/{victimId}", Cancellation)).GetProperty("isBlocked").GetBoolean().ShouldBeFalse();
        (await tenant.Admin.EventsAsync($"codes=UserDisabled&entityId={victimId}")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("DELETE", null, null)]
    [InlineData("POST", null, "https://evil.example/page")]
    [InlineData("PUT", "null", null)]
    public async Task A_cookie_write_without_the_servers_own_origin_is_refused(string method, string? origin, string? referer)
    {
        var tenant = await server.CreateTenantAsync();
        var (_, victimId) = await server.CreateUserWithIdAsync(tenant, ("Project", ["View"]));
        using var browser = await CookieBrowserAsync(tenant);
        var path = method switch
        {
            "DELETE" => $"/api/v1/users/{victimId}",
            "POST" => $"/api/v1/users/{victimId}/block",
            _ => $"/api/v1/users/{victimId}/roles",
        };

        using var forged = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "PUT")
        {
            forged.Content = JsonContent.Create(new { roleIds = Array.Empty<Guid>() });
        }

        if (origin is not null)
        {
            forged.Headers.Add("Origin", origin);
        }

        if (referer is not null)
        {
            forged.Headers.Referrer = new Uri(referer);
        }

        await (await browser.SendAsync(forged, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await tenant.Admin.GetAsync($"/api/v1/users/{victimId}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_console_writes_with_its_cookie_from_its_own_origin_and_reads_from_anywhere()
    {
        var tenant = await server.CreateTenantAsync();
        var (_, userId) = await server.CreateUserWithIdAsync(tenant, ("Project", ["View"]));
        using var browser = await CookieBrowserAsync(tenant);
        var own = server.BaseAddress.GetLeftPart(UriPartial.Authority);

        using var byOrigin = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/users/{userId}/block");
        byOrigin.Headers.Add("Origin", own);
        using var byReferer = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/users/{userId}/unblock");
        byReferer.Headers.Referrer = new Uri(own + "/console/users");
        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/users/{userId}");
        read.Headers.Add("Origin", Foreign);

        (await browser.SendAsync(byOrigin, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.SendAsync(byReferer, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.SendAsync(read, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tenant.Admin.EventsAsync($"codes=UserDisabled,UserEnabled&entityId={userId}")).Length.ShouldBe(2);
    }

    [Fact]
    public async Task A_bearer_or_api_key_write_is_not_checked_for_origin()
    {
        var tenant = await server.CreateTenantAsync();
        var (_, userId) = await server.CreateUserWithIdAsync(tenant, ("Project", ["View"]));
        var key = (await (await tenant.Admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "script" }, Cancellation)).ReadJsonAsync())
            .GetProperty("key").GetString()!;

        using var byToken = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/users/{userId}/block");
        byToken.Headers.Add("Origin", Foreign);
        using var byKey = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/users/{userId}/unblock");
        byKey.Headers.Add("X-Api-Key", key);
        using var anonymous = server.Anonymous();

        (await tenant.Admin.SendAsync(byToken, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.SendAsync(byKey, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>A client that keeps cookies, signed in to the console as the tenant's administrator.</summary>
    private async Task<HttpClient> CookieBrowserAsync(TestTenant tenant)
    {
        var browser = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = server.BaseAddress };
        var login = await browser.PostAsJsonAsync("/api/v1/auth/login",
            new { login = "tadmin", password = DocketServerExtensions.UserPassword, tenant = tenant.Name, useCookie = true }, Cancellation);
        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        return browser;
    }
}
