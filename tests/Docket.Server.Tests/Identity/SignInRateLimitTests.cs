using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Identity;

/// <summary>
/// Sign-in rate limits: per client address (password spraying from one place) and per login across addresses
/// (guessing one password from many places). Both answer 429 problem details with Retry-After and check no password.
/// The owner, at an address they signed in from before, is never held back by the per-login limit.
/// </summary>
public sealed class SignInRateLimitTests(SignInLimitServer server) : IClassFixture<SignInLimitServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Too_many_sign_in_attempts_from_one_address_get_429_with_Retry_After_and_other_addresses_do_not()
    {
        using var sprayer = server.AnonymousFrom("127.0.0.10");
        using var other = server.AnonymousFrom("127.0.0.11");
        for (var i = 0; i < SignInLimitServer.PerAddress / 2; i++)
        {
            (await sprayer.PostAsJsonAsync("/api/v1/auth/login", new { login = $"nobody-{i}", password = "Guess-Passw0rd!" }, Cancellation))
                .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await sprayer.PostAsJsonAsync("/api/v1/auth/password",
                new { login = $"nobody-{i}", currentPassword = "Guess-Passw0rd!", newPassword = "Other-Passw0rd!" }, Cancellation))
                .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var limited = await sprayer.PostAsJsonAsync("/api/v1/auth/login", new { login = "nobody-else", password = "Guess-Passw0rd!" }, Cancellation);
        var elsewhere = await other.PostAsJsonAsync("/api/v1/auth/login", new { login = "nobody-else", password = "Guess-Passw0rd!" }, Cancellation);

        (await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests)).GetProperty("detail").GetString()!.ShouldContain("Retry-After");
        limited.Headers.RetryAfter!.Delta!.Value.ShouldBeInRange(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        elsewhere.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Too_many_attempts_at_one_login_from_many_addresses_get_429_but_the_owners_known_address_does_not()
    {
        var tenant = await server.CreateTenantAsync();
        // Signs the user in once from 127.0.0.1, an address not yet known then (one of the login's attempts), known now.
        var (_, userId) = await server.CreateUserWithIdAsync(tenant, ("Project", ["View"]));
        var login = (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/users/{userId}", Cancellation)).GetProperty("login").GetString()!;
        for (var i = 0; i < SignInLimitServer.PerLogin - 1; i++)
        {
            using var guesser = server.AnonymousFrom($"127.0.1.{i + 1}");
            (await guesser.PostAsJsonAsync("/api/v1/auth/login", new { login, password = "Guess-Passw0rd!", tenant = tenant.Name }, Cancellation))
                .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        using var next = server.AnonymousFrom("127.0.1.100");
        var limited = await next.PostAsJsonAsync("/api/v1/auth/login", new { login, password = DocketServerExtensions.UserPassword, tenant = tenant.Name }, Cancellation);
        using var owner = server.Anonymous();
        var ownerLogin = await owner.PostAsJsonAsync("/api/v1/auth/login", new { login, password = DocketServerExtensions.UserPassword, tenant = tenant.Name }, Cancellation);

        await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter!.Delta!.Value.ShouldBeGreaterThan(TimeSpan.Zero);
        ownerLogin.StatusCode.ShouldBe(HttpStatusCode.OK);

        // The limited attempt never reached the password check.
        (await tenant.Admin.EventsAsync($"codes=LoginUserUnauthorized&userId={userId}")).Length.ShouldBe(SignInLimitServer.PerLogin - 1);
        (await tenant.Admin.EventsAsync($"codes=Login&userId={userId}")).Length.ShouldBe(2);
    }
}
