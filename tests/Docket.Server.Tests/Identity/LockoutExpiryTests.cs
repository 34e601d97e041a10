using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Identity;

/// <summary>A lockout ends by itself after <c>Identity:Lockout:Duration</c>, and the address's count then starts over.</summary>
public sealed class LockoutExpiryTests(ShortLockoutServer server) : IClassFixture<ShortLockoutServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_lockout_ends_after_its_duration_and_the_count_starts_over()
    {
        var tenant = await server.CreateTenantAsync();
        var (_, userId) = await server.CreateUserWithIdAsync(tenant, ("Project", ["View"]));
        var login = (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/users/{userId}", Cancellation)).GetProperty("login").GetString()!;
        using var client = server.AnonymousFrom("127.0.0.7");
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsJsonAsync("/api/v1/auth/login", new { login, password = "Wrong-Passw0rd!", tenant = tenant.Name }, Cancellation);
        }

        await (await client.PostAsJsonAsync("/api/v1/auth/login", new { login, password = DocketServerExtensions.UserPassword, tenant = tenant.Name }, Cancellation))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await Task.Delay(ShortLockoutServer.Duration + TimeSpan.FromSeconds(1), Cancellation);

        (await client.PostAsJsonAsync("/api/v1/auth/login", new { login, password = "Wrong-Passw0rd!", tenant = tenant.Name }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.PostAsJsonAsync("/api/v1/auth/login", new { login, password = DocketServerExtensions.UserPassword, tenant = tenant.Name }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var failures = await tenant.Admin.EventsAsync($"codes=LoginUserUnauthorized&userId={userId}");
        failures.Length.ShouldBe(6);
        failures[0].GetProperty("text").GetString()!.ShouldContain("failure 1 of 5");
        (await tenant.Admin.EventsAsync($"codes=LoginUserLocked&userId={userId}")).Length.ShouldBe(1);
    }
}
