using System.Net;
using System.Net.Http.Json;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Journal;

/// <summary>
/// A live tail lasts only as long as its right: blocking its user, revoking its API key, ending its session or taking
/// Journal View from its role ends it at once on this replica, even though its periodic re-check is ten minutes away.
/// </summary>
public sealed class LiveTailRevocationTests(SlowRecheckServer server) : IClassFixture<SlowRecheckServer>
{
    private static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(10);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_live_tail_ends_at_once_when_its_user_is_blocked()
    {
        var tenant = await server.CreateTenantAsync();
        var (reader, userId) = await server.CreateUserWithIdAsync(tenant, ("Journal", ["View"]));
        using var _ = reader;
        using var tail = await LiveTail.OpenAsync(reader, Cancellation);
        await tail.ShouldDeliverAsync(tenant.Admin, Cancellation);

        (await tenant.Admin.PostAsync($"/api/v1/users/{userId}/block", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "after the block" }, Cancellation)).EnsureSuccessStatusCode();

        var delivered = new List<string>();
        (await tail.EndsWithinAsync(AtOnce, delivered, Cancellation)).ShouldBeTrue("the tail is still open after its user was blocked");
        delivered.ShouldNotContain(line => line.Contains("after the block", StringComparison.Ordinal));
        (await tenant.Admin.EventsAsync($"codes=UserDisabled&entityId={userId}")).Length.ShouldBe(1);
    }

    [Fact]
    public async Task A_live_tail_on_an_api_key_ends_at_once_when_the_key_is_revoked()
    {
        var tenant = await server.CreateTenantAsync();
        var role = await tenant.Admin.PostAsJsonAsync("/api/v1/roles",
            new { name = "journal-readers", permissions = new[] { new { kind = "Journal", rights = new[] { "View" } } } }, Cancellation);
        var robot = await tenant.Admin.PostAsJsonAsync("/api/v1/users",
            new { login = "siem-robot", isServiceAccount = true, roleIds = new[] { (await role.ReadJsonAsync()).GetProperty("id").GetGuid() } }, Cancellation);
        var minted = await tenant.Admin.PostAsJsonAsync("/api/v1/api-keys",
            new { name = "siem", userId = (await robot.ReadJsonAsync()).GetProperty("id").GetGuid() }, Cancellation);
        var key = await minted.ReadJsonAsync();
        using var withKey = server.WithToken(key.GetProperty("key").GetString()!);
        using var tail = await LiveTail.OpenAsync(withKey, Cancellation);
        await tail.ShouldDeliverAsync(tenant.Admin, Cancellation);

        (await tenant.Admin.DeleteAsync($"/api/v1/api-keys/{key.GetProperty("apiKey").GetProperty("id").GetGuid()}", Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await tail.EndsWithinAsync(AtOnce, [], Cancellation)).ShouldBeTrue("the tail is still open after its key was revoked");
    }

    [Fact]
    public async Task A_live_tail_ends_at_once_when_its_session_ends_by_a_password_reset()
    {
        var tenant = await server.CreateTenantAsync();
        var (reader, userId) = await server.CreateUserWithIdAsync(tenant, ("Journal", ["View"]));
        using var _ = reader;
        using var tail = await LiveTail.OpenAsync(reader, Cancellation);
        await tail.ShouldDeliverAsync(tenant.Admin, Cancellation);

        (await tenant.Admin.PutAsJsonAsync($"/api/v1/users/{userId}/password", new { newPassword = "Reset-Passw0rd!" }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        (await tail.EndsWithinAsync(AtOnce, [], Cancellation)).ShouldBeTrue("the tail is still open after its session ended");
    }

    [Fact]
    public async Task A_live_tail_ends_at_once_when_its_role_loses_Journal_View_and_another_users_tail_stays_open()
    {
        var tenant = await server.CreateTenantAsync();
        var role = await tenant.Admin.PostAsJsonAsync("/api/v1/roles",
            new { name = "readers", permissions = new[] { new { kind = "Journal", rights = new[] { "View" } } } }, Cancellation);
        var roleId = (await role.ReadJsonAsync()).GetProperty("id").GetGuid();
        (await tenant.Admin.PostAsJsonAsync("/api/v1/users",
            new { login = "reader", password = DocketServerExtensions.UserPassword, mustChangePassword = false, roleIds = new[] { roleId } }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        using var reader = server.WithToken(await server.LoginAsync("reader", DocketServerExtensions.UserPassword, tenant.Name));
        using var bystander = await server.CreateUserAsync(tenant, ("Journal", ["View"]));
        using var tail = await LiveTail.OpenAsync(reader, Cancellation);
        using var otherTail = await LiveTail.OpenAsync(bystander, Cancellation);
        await tail.ShouldDeliverAsync(tenant.Admin, Cancellation);

        (await tenant.Admin.PutAsJsonAsync($"/api/v1/roles/{roleId}/permissions",
            new { permissions = new[] { new { kind = "Project", rights = new[] { "View" } } } }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await tail.EndsWithinAsync(AtOnce, [], Cancellation)).ShouldBeTrue("the tail is still open after its role lost Journal View");
        await otherTail.ShouldDeliverAsync(tenant.Admin, Cancellation);
    }
}
