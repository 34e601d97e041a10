using System.Net;
using System.Net.Http.Json;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Identity;

/// <summary>Login, logout and lockout, and what each records: refusals look alike to the caller, not in the journal.</summary>
[Trait("Category", "Fast")]
public sealed class LoginTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Login_records_Login_with_the_client_ip_and_the_token_works()
    {
        var tenant = await server.CreateTenantAsync();
        var (_, userId) = await server.CreateUserWithIdAsync(tenant, ("Project", ["View"]));

        var events = await tenant.Admin.EventsAsync($"codes=Login&userId={userId}");
        events.Length.ShouldBe(1);
        events[0].GetProperty("clientIp").GetString().ShouldBe("127.0.0.1");
        events[0].GetProperty("tenantId").GetGuid().ShouldBe(tenant.Id);
    }

    [Fact]
    public async Task Wrong_password_records_LoginUserUnauthorized_and_unknown_user_records_LoginUserNotExist_with_the_same_answer()
    {
        var tenant = await server.CreateTenantAsync();
        using var anonymous = server.Anonymous();

        var wrong = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { login = "tadmin", password = "Not-the-passw0rd!", tenant = tenant.Name }, Cancellation);
        var unknown = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { login = "nobody", password = "Not-the-passw0rd!", tenant = tenant.Name }, Cancellation);

        var wrongProblem = await wrong.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var unknownProblem = await unknown.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        unknownProblem.GetProperty("title").GetString().ShouldBe(wrongProblem.GetProperty("title").GetString());
        unknownProblem.GetProperty("detail").GetString().ShouldBe(wrongProblem.GetProperty("detail").GetString());

        var unauthorized = await tenant.Admin.EventsAsync($"codes=LoginUserUnauthorized&userId={tenant.AdminUserId}");
        unauthorized.Length.ShouldBe(1);
        unauthorized[0].GetProperty("clientIp").GetString().ShouldBe("127.0.0.1");
        unauthorized[0].GetProperty("class").GetString().ShouldBe("SecurityIncident");
        var notExist = await tenant.Admin.EventsAsync("codes=LoginUserNotExist&user=nobody");
        notExist.Length.ShouldBe(1);
        notExist[0].GetProperty("clientIp").GetString().ShouldBe("127.0.0.1");
    }

    [Fact]
    public async Task Five_failed_logins_lock_the_user_out_and_record_LoginUserLocked()
    {
        var tenant = await server.CreateTenantAsync();
        var (_, userId) = await server.CreateUserWithIdAsync(tenant, ("Project", ["View"]));
        var login = (await (await tenant.Admin.GetAsync($"/api/v1/users/{userId}", Cancellation)).ReadJsonAsync()).GetProperty("login").GetString();
        using var anonymous = server.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            var failed = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { login, password = "Wrong-passw0rd!", tenant = tenant.Name }, Cancellation);
            failed.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        // Even the right password is refused now, with the same answer as a wrong one.
        var locked = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { login, password = DocketServerExtensions.UserPassword, tenant = tenant.Name }, Cancellation);

        await locked.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await tenant.Admin.EventsAsync($"codes=LoginUserUnauthorized&userId={userId}")).Length.ShouldBe(5);
        (await tenant.Admin.EventsAsync($"codes=UserDisabled&userId={userId}")).Length.ShouldBe(1);
        (await tenant.Admin.EventsAsync($"codes=LoginUserLocked&userId={userId}")).Length.ShouldBe(1);

        // An administrator's unblock ends the lockout.
        (await tenant.Admin.PostAsync($"/api/v1/users/{userId}/unblock", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await server.LoginAsync(login!, DocketServerExtensions.UserPassword, tenant.Name)).ShouldStartWith("dks_");
    }

    [Fact]
    public async Task First_login_with_a_password_set_by_an_administrator_must_change_it()
    {
        var tenant = await server.CreateTenantAsync();
        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/users", new { login = "newcomer", password = "Initial-passw0rd!" }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var userId = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        using var anonymous = server.Anonymous();

        var first = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { login = "newcomer", password = "Initial-passw0rd!", tenant = tenant.Name }, Cancellation);
        (await first.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).GetProperty("title").GetString().ShouldBe("Password change required");

        var weak = await anonymous.PostAsJsonAsync("/api/v1/auth/password",
            new { login = "newcomer", tenant = tenant.Name, currentPassword = "Initial-passw0rd!", newPassword = "short" }, Cancellation);
        (await weak.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("newPassword").GetArrayLength().ShouldBeGreaterThan(1);

        var changed = await anonymous.PostAsJsonAsync("/api/v1/auth/password",
            new { login = "newcomer", tenant = tenant.Name, currentPassword = "Initial-passw0rd!", newPassword = "Chosen-passw0rd!" }, Cancellation);
        changed.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await server.LoginAsync("newcomer", "Chosen-passw0rd!", tenant.Name)).ShouldStartWith("dks_");
        (await tenant.Admin.EventsAsync($"codes=UserPasswordChanged&userId={userId}")).Length.ShouldBe(1);
    }

    [Fact]
    public async Task Logout_records_LogOut_and_revokes_the_token()
    {
        var tenant = await server.CreateTenantAsync();
        var (client, userId) = await server.CreateUserWithIdAsync(tenant, ("Project", ["View"]));
        (await client.GetAsync("/api/v1/projects", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await client.PostAsync("/api/v1/auth/logout", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await (await client.GetAsync("/api/v1/projects", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await tenant.Admin.EventsAsync($"codes=LogOut&userId={userId}")).Length.ShouldBe(1);
    }

    [Fact]
    public async Task The_console_cookie_authenticates_like_the_token()
    {
        var tenant = await server.CreateTenantAsync();
        using var handler = new HttpClientHandler { UseCookies = true };
        using var browser = new HttpClient(handler) { BaseAddress = server.BaseAddress };
        var login = await browser.PostAsJsonAsync("/api/v1/auth/login", new { login = "tadmin", password = DocketServerExtensions.UserPassword, tenant = tenant.Name, useCookie = true }, Cancellation);
        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        login.Headers.GetValues("Set-Cookie").Single().ShouldContain("httponly", Case.Insensitive);

        var me = await browser.GetAsync("/api/v1/auth/me", Cancellation);

        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await me.ReadJsonAsync()).GetProperty("tenantId").GetGuid().ShouldBe(tenant.Id);
    }

    [Fact]
    public async Task No_password_or_token_ever_reaches_the_journal()
    {
        var tenant = await server.CreateTenantAsync();
        var token = await server.LoginAsync("tadmin", DocketServerExtensions.UserPassword, tenant.Name);
        using var anonymous = server.Anonymous();
        await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { login = "tadmin", password = "Leaked-passw0rd!", tenant = tenant.Name }, Cancellation);
        var key = await tenant.Admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "robot" }, Cancellation);
        var secret = (await key.ReadJsonAsync()).GetProperty("key").GetString()!;

        var export = await tenant.Admin.GetStringAsync("/api/v1/events/export?format=ndjson", Cancellation);

        export.ShouldNotBeEmpty();
        export.ShouldNotContain(DocketServerExtensions.UserPassword);
        export.ShouldNotContain("Leaked-passw0rd!");
        export.ShouldNotContain(token);
        export.ShouldNotContain(secret);
        export.ShouldNotContain("pbkdf2");
    }
}
