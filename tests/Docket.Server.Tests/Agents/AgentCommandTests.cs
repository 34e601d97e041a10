using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Agent.Protocol.V1;
using Docket.Server.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Agents;

/// <summary>
/// Commands through the agent's stream, driven by a test stream that speaks the protocol: a ping reaches the agent and
/// its answer comes back; a command sent on a stream that broke unanswered is sent again on the next; an agent cannot
/// answer another agent's command; and the asker hears clearly when the agent is away, silent or too old.
/// </summary>
public sealed class AgentCommandTests(AgentServer server) : IClassFixture<AgentServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_ping_reaches_the_agent_and_its_answer_comes_back_with_the_agents_clock()
    {
        var tenant = await server.CreateTenantAsync();
        var (id, key) = await CreateAsync(tenant.Admin, "pinged");
        await using var stream = await ConnectAsync(id, key);

        var ping = tenant.Admin.PostAsync($"/api/v1/agents/{id}/ping", null, Cancellation);
        var command = await ReceiveCommandAsync(stream);
        command.KindCase.ShouldBe(Command.KindOneofCase.Ping);
        var agentTime = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        await stream.SendAsync(new AgentMessage
        {
            Result = new CommandResult { CommandId = command.CommandId, Succeeded = true, AnsweredAt = Timestamp.FromDateTime(agentTime) },
        });

        var response = await ping;
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = await response.ReadJsonAsync();
        answer.GetProperty("agentId").GetGuid().ShouldBe(id);
        answer.GetProperty("agentTime").GetDateTime().ShouldBe(agentTime);
        answer.GetProperty("roundTripMilliseconds").GetDouble().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_command_sent_on_a_stream_that_broke_unanswered_is_sent_again_on_the_agents_next_stream()
    {
        var tenant = await server.CreateTenantAsync();
        var (id, key) = await CreateAsync(tenant.Admin, "flaky");
        await using var first = await ConnectAsync(id, key);
        var ping = tenant.Admin.PostAsync($"/api/v1/agents/{id}/ping?timeoutSeconds=30", null, Cancellation);
        var sent = await ReceiveCommandAsync(first);

        // The network goes before the agent answers; the agent comes back on a new stream.
        first.Abort();
        await using var second = await ConnectAsync(id, key);
        var again = await ReceiveCommandAsync(second);

        again.CommandId.ShouldBe(sent.CommandId);
        await second.SendAsync(new AgentMessage { Result = new CommandResult { CommandId = again.CommandId, Succeeded = true } });
        (await ping).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_agent_cannot_answer_another_agents_command()
    {
        var tenant = await server.CreateTenantAsync();
        var (id, key) = await CreateAsync(tenant.Admin, "asked");
        var (otherId, otherKey) = await CreateAsync(tenant.Admin, "meddler");
        await using var stream = await ConnectAsync(id, key);
        await using var other = await ConnectAsync(otherId, otherKey);

        var ping = tenant.Admin.PostAsync($"/api/v1/agents/{id}/ping?timeoutSeconds=1.5", null, Cancellation);
        var command = await ReceiveCommandAsync(stream);
        await other.SendAsync(new AgentMessage { Result = new CommandResult { CommandId = command.CommandId, Succeeded = true } });

        await (await ping).ShouldBeProblemAsync(HttpStatusCode.GatewayTimeout);
    }

    [Fact]
    public async Task Ping_says_when_the_agent_is_away_silent_too_old_or_the_timeout_is_out_of_range()
    {
        var tenant = await server.CreateTenantAsync();
        var (id, key) = await CreateAsync(tenant.Admin, "quiet");

        // Never connected, then disabled: nothing can reach it.
        await (await tenant.Admin.PostAsync($"/api/v1/agents/{id}/ping", null, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        foreach (var timeout in new[] { "0", "-1", "61", "NaN" })
        {
            await (await tenant.Admin.PostAsync($"/api/v1/agents/{id}/ping?timeoutSeconds={timeout}", null, Cancellation))
                .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }

        await using (var stream = await ConnectAsync(id, key))
        {
            // Connected but it never answers.
            var silent = await tenant.Admin.PostAsync($"/api/v1/agents/{id}/ping?timeoutSeconds=0.5", null, Cancellation);
            var problem = await silent.ShouldBeProblemAsync(HttpStatusCode.GatewayTimeout);
            problem.GetProperty("detail").GetString()!.ShouldContain("did not answer within 0.5 s");

            // An agent older than the server answers that it does not know the command: the asker reads why.
            var ping = tenant.Admin.PostAsync($"/api/v1/agents/{id}/ping", null, Cancellation);
            var command = await ReceiveCommandAsync(stream, skip: 1);
            await stream.SendAsync(new AgentMessage
            {
                Result = new CommandResult { CommandId = command.CommandId, Succeeded = false, Error = "This agent (version 0.9) does not know this command" },
            });
            var refused = await (await ping).ShouldBeProblemAsync(HttpStatusCode.BadGateway);
            refused.GetProperty("detail").GetString()!.ShouldContain("version 0.9");
        }

        (await tenant.Admin.PostAsync($"/api/v1/agents/{id}/disable", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var disabled = await (await tenant.Admin.PostAsync($"/api/v1/agents/{id}/ping", null, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        disabled.GetProperty("detail").GetString()!.ShouldContain("disabled");
    }

    private async Task<TestAgentStream> ConnectAsync(Guid id, string key)
    {
        var stream = new TestAgentStream(server.StreamAddress, key, Cancellation);
        await stream.SendAsync(new AgentMessage { Hello = TestAgentStream.Hello(id) });
        (await stream.ReceiveAsync(Cancellation))!.KindCase.ShouldBe(ServerMessage.KindOneofCase.Welcome);

        // A stream without heartbeats is Disconnected after two periods, and the server would not try to reach it.
        stream.KeepAlive(AgentServer.Period / 4);
        return stream;
    }

    /// <summary>The next command on the stream, after <paramref name="skip"/> others (answered by nobody).</summary>
    private static async Task<Command> ReceiveCommandAsync(TestAgentStream stream, int skip = 0)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(TimeSpan.FromSeconds(15));
        while (true)
        {
            var message = await stream.ReceiveAsync(deadline.Token) ?? throw new InvalidOperationException("The server ended the stream.");
            if (message.KindCase == ServerMessage.KindOneofCase.Command && skip-- == 0)
            {
                return message.Command;
            }
        }
    }

    private static async Task<(Guid Id, string Key)> CreateAsync(HttpClient client, string name)
    {
        var response = await client.PostAsJsonAsync("/api/v1/agents", new { name }, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = await response.ReadJsonAsync();
        return (created.GetProperty("agent").GetProperty("id").GetGuid(), created.GetProperty("key").GetString()!);
    }
}
