using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Agent.Protocol.V1;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Agents;

/// <summary>
/// Agents:AutoDisableUnavailablePeriod: an agent unreachable (Unknown or Disconnected) longer than it is disabled, once,
/// with 405; one that keeps its heartbeats is not, and one enabled again gets the whole period afresh.
/// </summary>
public sealed class AgentAutoDisableTests(AutoDisableServer server) : IClassFixture<AutoDisableServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_agent_that_never_connects_is_disabled_after_the_period_once_with_AgentAutoDisabled()
    {
        var tenant = await server.CreateTenantAsync();
        var (id, _) = await CreateAsync(tenant.Admin, "never");
        var created = TimeProvider.System.GetTimestamp();

        await EventuallyAsync(async () => !(await GetAsync(tenant, id)).GetProperty("isEnabled").GetBoolean(), AutoDisableServer.Unavailable * 3);

        TimeProvider.System.GetElapsedTime(created).ShouldBeGreaterThanOrEqualTo(AutoDisableServer.Unavailable - TimeSpan.FromMilliseconds(100));
        await Task.Delay(AgentServer.Period * 3, Cancellation);
        var events = await tenant.Admin.EventsAsync($"entityId={id}&codes=403,405");
        events.Select(e => e.GetProperty("code").GetInt32()).ShouldBe([405]);
        events[0].GetProperty("text").GetString()!.ShouldContain("Agents:AutoDisableUnavailablePeriod");
        events[0].GetProperty("tenantId").GetGuid().ShouldBe(tenant.Id);
    }

    [Fact]
    public async Task A_connected_agent_stays_enabled_and_is_disabled_once_its_stream_has_been_gone_for_the_period()
    {
        var tenant = await server.CreateTenantAsync();
        var (id, key) = await CreateAsync(tenant.Admin, "connected");
        var stream = new TestAgentStream(server.StreamAddress, key, Cancellation);
        await stream.SendAsync(new AgentMessage { Hello = TestAgentStream.Hello(id) });
        (await stream.ReceiveAsync(Cancellation))!.KindCase.ShouldBe(ServerMessage.KindOneofCase.Welcome);

        // Longer than the period, heartbeating: reachable all along.
        var until = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(until) < AutoDisableServer.Unavailable * 1.5)
        {
            await stream.HeartbeatAsync();
            await Task.Delay(AgentServer.Period / 2, Cancellation);
        }

        var heard = await GetAsync(tenant, id);
        heard.GetProperty("isEnabled").GetBoolean().ShouldBeTrue(heard.GetRawText());

        stream.Abort();
        await stream.DisposeAsync();
        await EventuallyAsync(async () => !(await GetAsync(tenant, id)).GetProperty("isEnabled").GetBoolean(), AutoDisableServer.Unavailable * 3);
        (await tenant.Admin.EventsAsync($"entityId={id}&codes=405")).Length.ShouldBe(1);
    }

    [Fact]
    public async Task An_agent_enabled_again_gets_the_whole_period_before_it_is_disabled_again()
    {
        var tenant = await server.CreateTenantAsync();
        var (id, _) = await CreateAsync(tenant.Admin, "again");
        await EventuallyAsync(async () => !(await GetAsync(tenant, id)).GetProperty("isEnabled").GetBoolean(), AutoDisableServer.Unavailable * 3);

        (await tenant.Admin.PostAsync($"/api/v1/agents/{id}/enable", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var enabled = TimeProvider.System.GetTimestamp();
        await Task.Delay(AutoDisableServer.Unavailable / 2, Cancellation);
        (await GetAsync(tenant, id)).GetProperty("isEnabled").GetBoolean().ShouldBeTrue();

        await EventuallyAsync(async () => !(await GetAsync(tenant, id)).GetProperty("isEnabled").GetBoolean(), AutoDisableServer.Unavailable * 3);
        TimeProvider.System.GetElapsedTime(enabled).ShouldBeGreaterThanOrEqualTo(AutoDisableServer.Unavailable - TimeSpan.FromMilliseconds(100));
        (await tenant.Admin.EventsAsync($"entityId={id}&codes=405")).Length.ShouldBe(2);
    }

    private static async Task<(Guid Id, string Key)> CreateAsync(HttpClient client, string name)
    {
        var response = await client.PostAsJsonAsync("/api/v1/agents", new { name }, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = await response.ReadJsonAsync();
        return (created.GetProperty("agent").GetProperty("id").GetGuid(), created.GetProperty("key").GetString()!);
    }

    private static async Task<JsonElement> GetAsync(TestTenant tenant, Guid id) =>
        await (await tenant.Admin.GetAsync($"/api/v1/agents/{id}", Cancellation)).ReadJsonAsync();

    private static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            TimeProvider.System.GetElapsedTime(start).ShouldBeLessThan(within, "the condition never held");
            await Task.Delay(100, Cancellation);
        }
    }
}
