using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Identity;

/// <summary>
/// A change that takes trust away ends the sessions issued before it: a password changed or reset, a block, a role
/// removed. The old bearer token (or cookie) then answers 401; a new login works as the change allows.
/// </summary>
public sealed class SessionRevocationTests(DocketServer server) : IClassFixture<DocketServer>
{
    private const string NewPassword = "Chosen-Passw0rd!";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Changing_ones_own_password_ends_every_session_issued_before()
    {
        var tenant = await server.CreateTenantAsync();
        var (signedIn, userId) = await server.CreateUserWithIdAsync(tenant, ("Project", ["View"]));
        using var first = signedIn;
        var login = await LoginOfAsync(first);
        using var second = server.WithToken(await server.LoginAsync(login, DocketServerExtensions.UserPassword, tenant.Name));
        using var anonymous = server.Anonymous();

        var changed = await anonymous.PostAsJsonAsync("/api/v1/auth/password",
            new { login, tenant = tenant.Name, currentPassword = DocketServerExtensions.UserPassword, newPassword = NewPassword }, Cancellation);

        changed.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await first.GetAsync("/api/v1/auth/me", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await second.GetAsync("/api/v1/auth/me", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        using var fresh = server.WithToken(await server.LoginAsync(login, NewPassword, tenant.Name));
        (await fresh.GetAsync("/api/v1/auth/me", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tenant.Admin.EventsAsync($"codes=UserPasswordChanged&entityId={userId}")).Length.ShouldBe(1);
    }

    [Fact]
    public async Task An_administrators_password_reset_ends_the_users_sessions()
    {
        var tenant = await server.CreateTenantAsync();
        var (signedIn, userId) = await server.CreateUserWithIdAsync(tenant, ("Project", ["View"]));
        using var session = signedIn;
        var login = await LoginOfAsync(session);

        var reset = await tenant.Admin.PutAsJsonAsync($"/api/v1/users/{userId}/password",
            new { newPassword = NewPassword, mustChangePassword = false }, Cancellation);

        reset.StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await session.GetAsync("/api/v1/auth/me", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await server.LoginAsync(login, NewPassword, tenant.Name)).ShouldStartWith("dks_");
        (await tenant.Admin.GetAsync("/api/v1/auth/me", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tenant.Admin.EventsAsync($"codes=UserPasswordChanged&entityId={userId}")).Length.ShouldBe(1);
    }

    [Fact]
    public async Task A_block_ends_the_users_sessions_for_good_and_an_unblock_does_not_revive_them()
    {
        var tenant = await server.CreateTenantAsync();
        var (signedIn, userId) = await server.CreateUserWithIdAsync(tenant, ("Project", ["View"]));
        using var session = signedIn;
        var login = await LoginOfAsync(session);

        (await tenant.Admin.PostAsync($"/api/v1/users/{userId}/block", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tenant.Admin.PostAsync($"/api/v1/users/{userId}/unblock", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await session.GetAsync("/api/v1/auth/me", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await server.LoginAsync(login, DocketServerExtensions.UserPassword, tenant.Name)).ShouldStartWith("dks_");
        (await tenant.Admin.EventsAsync($"codes=UserDisabled,UserEnabled&entityId={userId}")).Length.ShouldBe(2);
    }

    [Fact]
    public async Task Removing_a_role_ends_the_users_sessions_and_adding_one_does_not()
    {
        var tenant = await server.CreateTenantAsync();
        var (signedIn, userId) = await server.CreateUserWithIdAsync(tenant, ("Project", ["View"]));
        using var session = signedIn;
        var login = await LoginOfAsync(session);
        var roles = (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/users/{userId}", Cancellation)).GetProperty("roleIds")
            .EnumerateArray().Select(r => r.GetGuid()).ToList();
        var extra = await tenant.Admin.PostAsJsonAsync("/api/v1/roles",
            new { name = "extra-" + Guid.NewGuid().ToString("N")[..8], permissions = new[] { new { kind = "Journal", rights = new[] { "View" } } } }, Cancellation);
        var extraId = (await extra.ReadJsonAsync()).GetProperty("id").GetGuid();

        (await tenant.Admin.PutAsJsonAsync($"/api/v1/users/{userId}/roles", new { roleIds = roles.Append(extraId) }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await session.GetAsync("/api/v1/events", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await tenant.Admin.PutAsJsonAsync($"/api/v1/users/{userId}/roles", new { roleIds = new[] { extraId } }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await session.GetAsync("/api/v1/auth/me", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        using var fresh = server.WithToken(await server.LoginAsync(login, DocketServerExtensions.UserPassword, tenant.Name));
        (await fresh.GetAsync("/api/v1/events", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await fresh.GetAsync("/api/v1/projects", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_console_cookie_ends_with_a_password_reset_like_a_token()
    {
        var tenant = await server.CreateTenantAsync();
        using var handler = new HttpClientHandler { UseCookies = true };
        using var browser = new HttpClient(handler) { BaseAddress = server.BaseAddress };
        (await browser.PostAsJsonAsync("/api/v1/auth/login",
            new { login = "tadmin", password = DocketServerExtensions.UserPassword, tenant = tenant.Name, useCookie = true }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.GetAsync("/api/v1/auth/me", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var admin = await server.AdminAsync();

        (await admin.PutAsJsonAsync($"/api/v1/users/{tenant.AdminUserId}/password", new { newPassword = NewPassword, mustChangePassword = false }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await browser.GetAsync("/api/v1/auth/me", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static async Task<string> LoginOfAsync(HttpClient session) =>
        (await session.GetFromJsonAsync<JsonElement>("/api/v1/auth/me", Cancellation)).GetProperty("login").GetString()!;
}
