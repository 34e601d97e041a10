using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Identity;

/// <summary>
/// Lockout after <c>Identity:Lockout:MaxFailedAttempts</c> (5) wrong passwords: counted atomically in the database, so
/// concurrent guesses do not slip past it, and held per client address, so a stranger cannot lock the owner out.
/// </summary>
public sealed class LoginLockoutTests(DocketServer server) : IClassFixture<DocketServer>
{
    private const string WrongPassword = "Wrong-Passw0rd!";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Twenty_four_concurrent_wrong_passwords_are_checked_at_most_five_times()
    {
        var tenant = await server.CreateTenantAsync();
        var (_, userId) = await server.CreateUserWithIdAsync(tenant, ("Project", ["View"]));
        var login = await LoginOfAsync(tenant, userId);
        using var attacker = server.AnonymousFrom("127.0.0.2");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => Task.Run(() =>
            attacker.PostAsJsonAsync("/api/v1/auth/login", new { login, password = WrongPassword, tenant = tenant.Name }, Cancellation), Cancellation)));

        attempts.ShouldAllBe(response => response.StatusCode == HttpStatusCode.Unauthorized);
        (await tenant.Admin.EventsAsync($"codes=LoginUserUnauthorized&userId={userId}")).Length.ShouldBe(5);
        (await tenant.Admin.EventsAsync($"codes=UserDisabled&userId={userId}")).Length.ShouldBe(1);
        (await tenant.Admin.EventsAsync($"codes=LoginUserLocked&userId={userId}")).Length.ShouldBe(19);

        // Locked out from that address: even the right password is refused there, and recorded as such.
        var right = await attacker.PostAsJsonAsync("/api/v1/auth/login", new { login, password = DocketServerExtensions.UserPassword, tenant = tenant.Name }, Cancellation);
        await right.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await tenant.Admin.EventsAsync($"codes=LoginUserLocked&userId={userId}")).Length.ShouldBe(20);
    }

    [Fact]
    public async Task A_lockout_holds_the_address_that_caused_it_and_the_owner_signs_in_from_another()
    {
        var tenant = await server.CreateTenantAsync();
        var (_, userId) = await server.CreateUserWithIdAsync(tenant, ("Project", ["View"]));
        var login = await LoginOfAsync(tenant, userId);
        using var stranger = server.AnonymousFrom("127.0.0.3");
        using var owner = server.AnonymousFrom("127.0.0.4");
        for (var i = 0; i < 5; i++)
        {
            (await stranger.PostAsJsonAsync("/api/v1/auth/login", new { login, password = WrongPassword, tenant = tenant.Name }, Cancellation))
                .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var strangerRight = await stranger.PostAsJsonAsync("/api/v1/auth/login",
            new { login, password = DocketServerExtensions.UserPassword, tenant = tenant.Name }, Cancellation);
        var ownerRight = await owner.PostAsJsonAsync("/api/v1/auth/login",
            new { login, password = DocketServerExtensions.UserPassword, tenant = tenant.Name }, Cancellation);

        await strangerRight.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        ownerRight.StatusCode.ShouldBe(HttpStatusCode.OK);
        var lockout = (await tenant.Admin.EventsAsync($"codes=UserDisabled&userId={userId}")).ShouldHaveSingleItem();
        lockout.GetProperty("clientIp").GetString().ShouldBe("127.0.0.3");
        lockout.GetProperty("text").GetString()!.ShouldContain("127.0.0.3");
        (await tenant.Admin.EventsAsync($"codes=LoginUserUnauthorized&userId={userId}")).Length.ShouldBe(5);
        (await tenant.Admin.EventsAsync($"codes=LoginUserLocked&userId={userId}")).Length.ShouldBe(1);
        (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/users/{userId}", Cancellation)).GetProperty("lockedUntil").ValueKind
            .ShouldBe(JsonValueKind.String);
    }

    [Fact]
    public async Task A_stranger_cannot_lock_the_built_in_administrator_out()
    {
        using var stranger = server.AnonymousFrom("127.0.0.5");
        for (var i = 0; i < 6; i++)
        {
            (await stranger.PostAsJsonAsync("/api/v1/auth/login", new { login = "admin", password = WrongPassword }, Cancellation))
                .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        using var admin = await server.AdminAsync();
        (await admin.GetAsync("/api/v1/auth/me", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var adminId = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/auth/me", Cancellation)).GetProperty("id").GetGuid();
        (await admin.EventsAsync($"codes=UserDisabled&userId={adminId}")).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_password_reset_ends_the_lockout_of_every_address()
    {
        var tenant = await server.CreateTenantAsync();
        var (_, userId) = await server.CreateUserWithIdAsync(tenant, ("Project", ["View"]));
        var login = await LoginOfAsync(tenant, userId);
        using var owner = server.AnonymousFrom("127.0.0.6");
        for (var i = 0; i < 5; i++)
        {
            await owner.PostAsJsonAsync("/api/v1/auth/login", new { login, password = WrongPassword, tenant = tenant.Name }, Cancellation);
        }

        (await tenant.Admin.PutAsJsonAsync($"/api/v1/users/{userId}/password", new { newPassword = "Reset-Passw0rd!", mustChangePassword = false }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        (await owner.PostAsJsonAsync("/api/v1/auth/login", new { login, password = "Reset-Passw0rd!", tenant = tenant.Name }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<string> LoginOfAsync(TestTenant tenant, Guid userId) =>
        (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/users/{userId}", Cancellation)).GetProperty("login").GetString()!;
}
