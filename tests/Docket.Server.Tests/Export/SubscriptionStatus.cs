using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Export;

/// <summary>A subscription's <c>status</c> as the API gives it, and waiting until it shows what a test expects.</summary>
internal static class SubscriptionStatus
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(1);

    public static async Task<JsonElement> GetAsync(HttpClient client, Guid id) =>
        (await (await client.GetAsync($"/api/v1/export/subscriptions/{id}", TestContext.Current.CancellationToken)).ReadJsonAsync()).GetProperty("status");

    /// <summary>
    /// Polls until <paramref name="done"/> holds and returns that status; fails with the last status (and
    /// <paramref name="diagnostics"/>, such as a server process's output) when it does not within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<JsonElement> WaitAsync(HttpClient client, Guid id, Func<JsonElement, bool> done, TimeSpan? timeout = null, Func<string>? diagnostics = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + (timeout ?? DefaultTimeout);
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            var status = await GetAsync(client, id);
            if (done(status))
            {
                return status;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new ShouldAssertException($"The subscription did not reach the expected status: {await GetAsync(client, id)}{(diagnostics is null ? "" : "\n" + diagnostics())}");
    }
}
