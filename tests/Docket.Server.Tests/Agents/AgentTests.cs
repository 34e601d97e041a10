using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Agent.Protocol.V1;
using Docket.Server.Tests.Infrastructure;
using Grpc.Core;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Agents;

/// <summary>
/// Agents through the API and their stream: what each change records, the key that opens the stream and nothing else,
/// the state the stream and its heartbeats give, and the refusals that say what is wrong.
/// </summary>
public sealed class AgentTests(AgentServer server) : IClassFixture<AgentServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_update_disable_enable_and_delete_record_AgentCreated_to_AgentRemoved_with_the_agent()
    {
        var tenant = await server.CreateTenantAsync();
        var (client, userId) = await server.CreateUserWithIdAsync(tenant, ("Agent", ["View", "Create", "Edit", "Delete", "Manage"]));

        var (id, key, etag) = await CreateAsync(client, "gpu-01");
        key.ShouldStartWith("dkk_");
        using var update = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/agents/{id}")
        {
            Content = JsonContent.Create(new { name = "gpu-01b", description = "The big one" }),
        };
        update.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        (await client.SendAsync(update, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var disabled = await (await client.PostAsync($"/api/v1/agents/{id}/disable", null, Cancellation)).ReadJsonAsync();
        disabled.GetProperty("isEnabled").GetBoolean().ShouldBeFalse();
        (await client.PostAsync($"/api/v1/agents/{id}/disable", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.PostAsync($"/api/v1/agents/{id}/enable", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.DeleteAsync($"/api/v1/agents/{id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await client.GetAsync($"/api/v1/agents/{id}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var events = (await tenant.Admin.EventsAsync($"entityId={id}")).Reverse().ToArray();
        // Disabling a disabled agent changes nothing, so it records nothing.
        events.Select(e => e.GetProperty("code").GetInt32()).ShouldBe([400, 401, 403, 404, 402]);
        foreach (var e in events)
        {
            e.GetProperty("entityKind").GetString().ShouldBe("Agent");
            e.GetProperty("tenantId").GetGuid().ShouldBe(tenant.Id);
            e.GetProperty("userId").GetGuid().ShouldBe(userId);
            e.GetProperty("data").GetProperty("id").GetGuid().ShouldBe(id);
        }

        // The secret is shown once, in the answer, never in the journal.
        events[0].GetRawText().ShouldNotContain(key);
    }

    [Fact]
    public async Task An_agents_key_opens_its_stream_but_not_the_HTTP_API()
    {
        var tenant = await server.CreateTenantAsync();
        var (_, key, _) = await CreateAsync(tenant.Admin, "no-api");
        using var asAgent = server.Anonymous();
        asAgent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        await (await asAgent.GetAsync("/api/v1/auth/me", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await asAgent.GetAsync("/api/v1/agents", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_new_agent_is_Unknown_then_Available_on_hello_Busy_with_processes_and_Disconnected_when_its_stream_breaks()
    {
        var tenant = await server.CreateTenantAsync();
        var (id, key, _) = await CreateAsync(tenant.Admin, "state");
        (await StateAsync(tenant, id)).ShouldBe("Unknown");

        var stream = new TestAgentStream(server.StreamAddress, key, Cancellation);
        await stream.SendAsync(new AgentMessage { Hello = TestAgentStream.Hello(id) });
        var welcome = (await stream.ReceiveAsync(Cancellation))!;
        welcome.KindCase.ShouldBe(ServerMessage.KindOneofCase.Welcome);
        welcome.Welcome.ProtocolVersion.ShouldBe(1u);
        welcome.Welcome.HeartbeatPeriodSeconds.ShouldBe(1u);
        var agent = await GetAsync(tenant, id);
        agent.GetProperty("state").GetString().ShouldBe("Available");
        agent.GetProperty("agentVersion").GetString().ShouldBe("test");
        agent.GetProperty("host").GetProperty("processorCount").GetInt32().ShouldBe(4);
        agent.GetProperty("host").GetProperty("gpus").EnumerateArray().Select(g => g.GetString()).ShouldBe(["Test GPU"]);

        await stream.HeartbeatAsync(running: 2);
        await EventuallyAsync(async () => await StateAsync(tenant, id) == "Busy");
        await stream.HeartbeatAsync(running: 0);
        await EventuallyAsync(async () => await StateAsync(tenant, id) == "Available");

        stream.Abort();
        var broken = TimeProvider.System.GetTimestamp();
        await EventuallyAsync(async () => await StateAsync(tenant, id) == "Disconnected");
        TimeProvider.System.GetElapsedTime(broken).ShouldBeLessThan(AgentServer.Period * 4);
        await stream.DisposeAsync();
    }

    [Fact]
    public async Task An_agent_whose_heartbeats_stop_is_Disconnected_after_two_periods()
    {
        var tenant = await server.CreateTenantAsync();
        var (id, key, _) = await CreateAsync(tenant.Admin, "silent");
        await using var stream = new TestAgentStream(server.StreamAddress, key, Cancellation);
        await stream.SendAsync(new AgentMessage { Hello = TestAgentStream.Hello(id) });
        (await stream.ReceiveAsync(Cancellation))!.KindCase.ShouldBe(ServerMessage.KindOneofCase.Welcome);
        (await StateAsync(tenant, id)).ShouldBe("Available");

        // The stream stays open, but nothing comes: a cut network, or a replica that died with the stream.
        await Task.Delay(AgentServer.Period * 2.5, Cancellation);

        (await StateAsync(tenant, id)).ShouldBe("Disconnected");
    }

    [Fact]
    public async Task A_disabled_agent_is_refused_and_disabling_a_connected_one_ends_its_stream_with_the_reason()
    {
        var tenant = await server.CreateTenantAsync();
        var (id, key, _) = await CreateAsync(tenant.Admin, "disabled");
        var connected = new TestAgentStream(server.StreamAddress, key, Cancellation);
        await connected.SendAsync(new AgentMessage { Hello = TestAgentStream.Hello(id) });
        (await connected.ReceiveAsync(Cancellation))!.KindCase.ShouldBe(ServerMessage.KindOneofCase.Welcome);

        (await tenant.Admin.PostAsync($"/api/v1/agents/{id}/disable", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var ended = (await connected.ReceiveAsync(Cancellation))!;
        ended.Refusal.Reason.ShouldBe(RefusalReason.AgentDisabled);
        (await connected.ReceiveAsync(Cancellation)).ShouldBeNull();
        await connected.DisposeAsync();
        await EventuallyAsync(async () => await StateAsync(tenant, id) == "Disconnected");

        await using var again = new TestAgentStream(server.StreamAddress, key, Cancellation);
        await again.SendAsync(new AgentMessage { Hello = TestAgentStream.Hello(id) });
        var refused = (await again.ReceiveAsync(Cancellation))!;
        refused.Refusal.Reason.ShouldBe(RefusalReason.AgentDisabled);
        refused.Refusal.Detail.ShouldContain("disabled");
        (await again.ReceiveAsync(Cancellation)).ShouldBeNull();
    }

    [Fact]
    public async Task An_agent_of_another_protocol_version_is_refused_with_the_versions_the_server_speaks()
    {
        var tenant = await server.CreateTenantAsync();
        var (id, key, _) = await CreateAsync(tenant.Admin, "future");
        await using var stream = new TestAgentStream(server.StreamAddress, key, Cancellation);

        await stream.SendAsync(new AgentMessage { Hello = TestAgentStream.Hello(id, protocolVersion: 2) });

        var refused = (await stream.ReceiveAsync(Cancellation))!;
        refused.Refusal.Reason.ShouldBe(RefusalReason.ProtocolVersion);
        refused.Refusal.SupportedProtocolVersions.ShouldBe([1u]);
        refused.Refusal.Detail.ShouldContain("speaks agent protocol version 1");
        refused.Refusal.Detail.ShouldContain("speaks version 2");
        (await StateAsync(tenant, id)).ShouldBe("Unknown");
    }

    [Fact]
    public async Task A_stream_with_an_unknown_revoked_or_user_key_is_unauthenticated()
    {
        var tenant = await server.CreateTenantAsync();
        var (id, key, _) = await CreateAsync(tenant.Admin, "removed");
        var userKey = (await (await tenant.Admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "robot" }, Cancellation)).ReadJsonAsync())
            .GetProperty("key").GetString()!;
        (await tenant.Admin.DeleteAsync($"/api/v1/agents/{id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        foreach (var wrong in new[] { "dkk_unknown", key, userKey })
        {
            await using var stream = new TestAgentStream(server.StreamAddress, wrong, Cancellation);
            var refused = await Should.ThrowAsync<RpcException>(async () =>
            {
                await stream.SendAsync(new AgentMessage { Hello = TestAgentStream.Hello(id) });
                await stream.ReceiveAsync(Cancellation);
            });
            refused.StatusCode.ShouldBe(StatusCode.Unauthenticated);
        }
    }

    [Fact]
    public async Task A_hello_that_names_another_agent_is_refused()
    {
        var tenant = await server.CreateTenantAsync();
        var (_, key, _) = await CreateAsync(tenant.Admin, "mine");
        var (other, _, _) = await CreateAsync(tenant.Admin, "theirs");
        await using var stream = new TestAgentStream(server.StreamAddress, key, Cancellation);

        await stream.SendAsync(new AgentMessage { Hello = TestAgentStream.Hello(other) });

        (await stream.ReceiveAsync(Cancellation))!.Refusal.Reason.ShouldBe(RefusalReason.UnknownAgent);
        (await StateAsync(tenant, other)).ShouldBe("Unknown");
    }

    [Fact]
    public async Task Without_AutoDisableUnavailablePeriod_an_unreachable_agent_stays_enabled()
    {
        var tenant = await server.CreateTenantAsync();
        var (id, _, _) = await CreateAsync(tenant.Admin, "kept");

        // Several passes of the worker (one per period) find it Unknown, and leave it alone.
        await Task.Delay(AgentServer.Period * 4, Cancellation);

        (await GetAsync(tenant, id)).GetProperty("isEnabled").GetBoolean().ShouldBeTrue();
        (await tenant.Admin.EventsAsync($"entityId={id}&codes=405")).ShouldBeEmpty();
    }

    [Fact]
    public void Without_Agents_Local_the_server_provisions_no_local_agent()
    {
        File.Exists(Path.Combine(server.DataDirectory, Docket.Server.Features.Agents.LocalAgentProvisioner.FileName)).ShouldBeFalse();
    }

    private static async Task<(Guid Id, string Key, string ETag)> CreateAsync(HttpClient client, string name)
    {
        var response = await client.PostAsJsonAsync("/api/v1/agents", new { name }, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = await response.ReadJsonAsync();
        return (created.GetProperty("agent").GetProperty("id").GetGuid(), created.GetProperty("key").GetString()!, response.Headers.ETag!.Tag);
    }

    private static async Task<JsonElement> GetAsync(TestTenant tenant, Guid id)
    {
        var response = await tenant.Admin.GetAsync($"/api/v1/agents/{id}", Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.ReadJsonAsync();
    }

    private static async Task<string> StateAsync(TestTenant tenant, Guid id) =>
        (await GetAsync(tenant, id)).GetProperty("state").GetString()!;

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            TimeProvider.System.GetElapsedTime(deadline).ShouldBeLessThan(TimeSpan.FromSeconds(10), "the condition never held");
            await Task.Delay(50, Cancellation);
        }
    }
}
