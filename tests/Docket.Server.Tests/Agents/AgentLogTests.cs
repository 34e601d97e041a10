using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Agent.Protocol.V1;
using Docket.Server.Features.Agents;
using Docket.Server.Storage;
using Docket.Server.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Agents;

/// <summary>
/// The agents' own log lines over the stream: kept line by line with one 19000 record per batch, searched per agent and
/// process by whoever may view the agent, bounded per batch, and removed by age.
/// </summary>
public sealed class AgentLogTests(AgentServer server) : IClassFixture<AgentServer>
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_batch_is_kept_line_by_line_and_recorded_once_as_AgentLogDataReceived()
    {
        var tenant = await server.CreateTenantAsync();
        var (id, key) = await CreateAsync(tenant.Admin, "logs");
        var process = Guid.NewGuid();
        await using var stream = await ConnectAsync(id, key);

        await stream.SendAsync(Batch(
            Line(0, "Information", "Connected to the server"),
            Line(1, "Warning", "Disk is filling up"),
            Line(2, "Error", "Engine exited with 3", process),
            Line(3, "Debug", "Polling")));

        var lines = await EventuallyLinesAsync(tenant.Admin, id, "", 4);
        lines.Select(l => l.GetProperty("message").GetString()).ShouldBe(["Connected to the server", "Disk is filling up", "Engine exited with 3", "Polling"]);
        lines[2].GetProperty("level").GetString().ShouldBe("Error");
        lines[2].GetProperty("processId").GetGuid().ShouldBe(process);
        lines[2].GetProperty("time").GetDateTime().ToUniversalTime().ShouldBe(Start.AddMinutes(2).UtcDateTime);
        lines[0].GetProperty("processId").ValueKind.ShouldBe(JsonValueKind.Null);

        var events = await tenant.Admin.EventsAsync($"entityId={id}&codes=19000");
        events.Length.ShouldBe(1);
        events[0].GetProperty("tenantId").GetGuid().ShouldBe(tenant.Id);
        events[0].GetProperty("data").GetProperty("lines").GetInt32().ShouldBe(4);
    }

    [Fact]
    public async Task Lines_are_searched_by_process_level_time_and_text_and_paged_with_a_cursor()
    {
        var tenant = await server.CreateTenantAsync();
        var (id, key) = await CreateAsync(tenant.Admin, "search");
        var process = Guid.NewGuid();
        await using var stream = await ConnectAsync(id, key);
        await stream.SendAsync(Batch(
            Line(0, "Information", "download started", process),
            Line(1, "Warning", "download slow", process),
            Line(2, "Error", "download failed"),
            Line(3, "Information", "idle")));
        await EventuallyLinesAsync(tenant.Admin, id, "", 4);

        Messages(await LinesAsync(tenant.Admin, id, $"processId={process}")).ShouldBe(["download started", "download slow"]);
        Messages(await LinesAsync(tenant.Admin, id, "level=Warning")).ShouldBe(["download slow", "download failed"]);
        Messages(await LinesAsync(tenant.Admin, id, $"from={Stamp(1)}&to={Stamp(3)}")).ShouldBe(["download slow", "download failed"]);
        Messages(await LinesAsync(tenant.Admin, id, "contains=download")).ShouldBe(["download started", "download slow", "download failed"]);
        Messages(await LinesAsync(tenant.Admin, id, "contains=Download")).ShouldBeEmpty();

        var first = await (await tenant.Admin.GetAsync($"/api/v1/agents/{id}/log-lines?limit=3", Cancellation)).ReadJsonAsync();
        var cursor = first.GetProperty("nextCursor").GetString()!;
        var second = await (await tenant.Admin.GetAsync($"/api/v1/agents/{id}/log-lines?limit=3&cursor={cursor}", Cancellation)).ReadJsonAsync();
        Messages([.. second.GetProperty("items").EnumerateArray()]).ShouldBe(["idle"]);
        second.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);

        await (await tenant.Admin.GetAsync($"/api/v1/agents/{id}/log-lines?cursor=x", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await tenant.Admin.GetAsync($"/api/v1/agents/{id}/log-lines?from={Stamp(3)}&to={Stamp(1)}", Cancellation))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Lines_are_read_only_with_the_Agent_View_right_of_the_agents_tenant()
    {
        var tenant = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();
        var (id, key) = await CreateAsync(tenant.Admin, "private");
        await using var stream = await ConnectAsync(id, key);
        await stream.SendAsync(Batch(Line(0, "Information", "secret of the tenant")));
        await EventuallyLinesAsync(tenant.Admin, id, "", 1);

        var viewer = await server.CreateUserAsync(tenant, ("Agent", ["View"]));
        var stranger = await server.CreateUserAsync(tenant, ("Project", ["View"]));
        (await LinesAsync(viewer, id, "")).Length.ShouldBe(1);
        await (await stranger.GetAsync($"/api/v1/agents/{id}/log-lines", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await other.Admin.GetAsync($"/api/v1/agents/{id}/log-lines", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_oversized_batch_is_refused_with_a_status_that_says_so_and_the_server_keeps_serving()
    {
        var tenant = await server.CreateTenantAsync();
        var (id, key) = await CreateAsync(tenant.Admin, "flood");
        var stream = await ConnectAsync(id, key);

        await stream.SendAsync(Batch([.. Enumerable.Range(0, AgentLogs.MaxLinesPerBatch + 1).Select(i => Line(0, "Information", $"line {i}"))]));

        var refused = await Should.ThrowAsync<RpcException>(async () => await stream.ReceiveAsync(Cancellation));
        refused.StatusCode.ShouldBe(StatusCode.ResourceExhausted);
        refused.Status.Detail.ShouldContain($"limit of {AgentLogs.MaxLinesPerBatch} lines");
        await stream.DisposeAsync();
        (await LinesAsync(tenant.Admin, id, "")).ShouldBeEmpty();
        (await tenant.Admin.EventsAsync($"entityId={id}&codes=19000")).ShouldBeEmpty();

        // The agent comes back and its next batch, within the bound, is kept.
        await using var again = await ConnectAsync(id, key);
        await again.SendAsync(Batch(Line(0, "Information", "smaller now")));
        Messages(await EventuallyLinesAsync(tenant.Admin, id, "", 1)).ShouldBe(["smaller now"]);
    }

    [Fact]
    public async Task A_long_message_is_cut_to_the_bound()
    {
        var tenant = await server.CreateTenantAsync();
        var (id, key) = await CreateAsync(tenant.Admin, "verbose");
        await using var stream = await ConnectAsync(id, key);

        await stream.SendAsync(Batch(Line(0, "Information", new string('x', AgentLogs.MaxMessageLength * 2))));

        var message = (await EventuallyLinesAsync(tenant.Admin, id, "", 1))[0].GetProperty("message").GetString()!;
        message.Length.ShouldBe(AgentLogs.MaxMessageLength);
        message.ShouldEndWith("[cut]");
    }

    [Fact]
    public async Task Retention_removes_lines_received_before_Agents_LogRetention_and_keeps_the_rest()
    {
        var tenant = await server.CreateTenantAsync();
        var (id, key) = await CreateAsync(tenant.Admin, "aged");
        await using var stream = await ConnectAsync(id, key);
        await stream.SendAsync(Batch(Line(0, "Information", "old"), Line(1, "Information", "new")));
        await EventuallyLinesAsync(tenant.Admin, id, "", 2);

        await using (var scope = server.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
            var aged = TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-31);
            await db.AgentLogLines.Where(l => l.AgentId == id && l.Message == "old").ExecuteUpdateAsync(s => s.SetProperty(l => l.ReceivedAt, aged), Cancellation);
            var removed = await server.Services.GetRequiredService<AgentLogRetentionService>().PruneAsync(db, Cancellation);
            removed.ShouldBeGreaterThanOrEqualTo(1);
        }

        Messages(await LinesAsync(tenant.Admin, id, "")).ShouldBe(["new"]);
    }

    private static string[] Messages(JsonElement[] lines) => [.. lines.Select(l => l.GetProperty("message").GetString()!)];

    private static string Stamp(int minutes) => Uri.EscapeDataString(Start.AddMinutes(minutes).ToString("O"));

    private static LogLine Line(int minutes, string level, string message, Guid? process = null) => new()
    {
        Time = Timestamp.FromDateTimeOffset(Start.AddMinutes(minutes)),
        Level = level,
        Message = message,
        ProcessId = process?.ToString() ?? "",
    };

    private static AgentMessage Batch(params LogLine[] lines)
    {
        var batch = new LogBatch();
        batch.Lines.AddRange(lines);
        return new AgentMessage { LogBatch = batch };
    }

    private async Task<TestAgentStream> ConnectAsync(Guid id, string key)
    {
        var stream = new TestAgentStream(server.StreamAddress, key, Cancellation);
        await stream.SendAsync(new AgentMessage { Hello = TestAgentStream.Hello(id) });
        (await stream.ReceiveAsync(Cancellation))!.KindCase.ShouldBe(ServerMessage.KindOneofCase.Welcome);
        return stream;
    }

    private static async Task<(Guid Id, string Key)> CreateAsync(HttpClient client, string name)
    {
        var response = await client.PostAsJsonAsync("/api/v1/agents", new { name }, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = await response.ReadJsonAsync();
        return (created.GetProperty("agent").GetProperty("id").GetGuid(), created.GetProperty("key").GetString()!);
    }

    private static async Task<JsonElement[]> LinesAsync(HttpClient client, Guid id, string query)
    {
        var response = await client.GetAsync($"/api/v1/agents/{id}/log-lines?{query}", Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancellation));
        return [.. (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray()];
    }

    private static async Task<JsonElement[]> EventuallyLinesAsync(HttpClient client, Guid id, string query, int count)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var lines = await LinesAsync(client, id, query);
            if (lines.Length >= count)
            {
                return lines;
            }

            TimeProvider.System.GetElapsedTime(start).ShouldBeLessThan(TimeSpan.FromSeconds(10), $"only {lines.Length} of {count} lines arrived");
            await Task.Delay(50, Cancellation);
        }
    }
}
