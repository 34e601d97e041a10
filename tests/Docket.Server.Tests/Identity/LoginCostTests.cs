using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Identity;

/// <summary>What a refused login costs the server: the same whether the login exists or not, so its time tells nothing.</summary>
public sealed class LoginCostTests(ProductionPasswordCostServer server) : IClassFixture<ProductionPasswordCostServer>
{
    private const int Tries = 4;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>
    /// Timed against a wrong password for a real user, best of a few tries each, taken in turns: a busy machine only
    /// slows a try, so the best of each is its cost. A login that skipped the verification would take a few
    /// milliseconds against the verification's hundred or more.
    /// </summary>
    [Fact]
    public async Task An_unknown_user_still_costs_a_password_verification()
    {
        var tenant = await server.CreateTenantAsync();
        using var anonymous = server.Anonymous();
        // Fewer tries than Identity:Lockout:MaxFailedAttempts (5): a locked-out login takes another path.
        var unknown = TimeSpan.MaxValue;
        var wrong = TimeSpan.MaxValue;
        for (var i = 0; i < Tries; i++)
        {
            unknown = Min(unknown, await TimeRefusedLoginAsync(anonymous, "nobody", tenant.Name));
            wrong = Min(wrong, await TimeRefusedLoginAsync(anonymous, "tadmin", tenant.Name));
        }

        unknown.ShouldBeGreaterThan(wrong / 2, $"an unknown user's login took {unknown.TotalMilliseconds:F0} ms, a wrong password's {wrong.TotalMilliseconds:F0} ms");
    }

    private static async Task<TimeSpan> TimeRefusedLoginAsync(HttpClient client, string login, string tenant)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { login, password = "Not-the-passw0rd!", tenant }, Cancellation);
        var elapsed = Stopwatch.GetElapsedTime(started);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        return elapsed;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
