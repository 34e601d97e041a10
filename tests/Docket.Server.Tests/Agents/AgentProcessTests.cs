using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using Docket.Testing;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Agents;

/// <summary>
/// The real agent as a process against the real server as a process: it connects and is Available, a SIGKILL leaves it
/// Disconnected within the period, and after the server is killed and started again it connects again by itself.
/// </summary>
public sealed class AgentProcessTests
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(500);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_agent_connects_is_Disconnected_when_killed_and_reconnects_after_a_server_restart()
    {
        var apiPort = FreePort();
        var streamPort = FreePort();
        await using var storage = await ServerStorage.CreateAsync(Cancellation);
        await using var server = await ServerProcess.StartAsync(storage, "node-a",
        [
            .. ServerSettings.ForTests,
            $"--Agents:Period={Period}",
            // Named to sort before AgentStream: Kestrel binds named endpoints in key order, and ServerProcess takes the
            // first address it logs as the API's.
            $"--Kestrel:Endpoints:Access:Url=http://127.0.0.1:{apiPort}",
            $"--Kestrel:Endpoints:AgentStream:Url=http://127.0.0.1:{streamPort}",
        ], Cancellation);
        using var admin = await server.AdminAsync(Cancellation);
        var created = await (await admin.PostAsJsonAsync("/api/v1/agents", new { name = "process" }, Cancellation)).Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var id = created.GetProperty("agent").GetProperty("id").GetGuid();
        var key = created.GetProperty("key").GetString()!;
        var work = Directory.CreateTempSubdirectory("docket-agent-").FullName;
        var stream = new Uri($"http://127.0.0.1:{streamPort}");

        await using (var agent = AgentProcess.Start(stream, id, key, work))
        {
            await EventuallyAsync(admin, id, "Available", agent);
            var described = await GetAsync(admin, id);
            described.GetProperty("host").GetProperty("processorCount").GetInt32().ShouldBe(Environment.ProcessorCount);

            // The agent's own log reaches the server: the line it writes when it connects.
            await EventuallyLoggedAsync(admin, id, "Connected to", agent);

            await agent.KillAsync();
            var killed = TimeProvider.System.GetTimestamp();
            await EventuallyAsync(admin, id, "Disconnected", agent);
            TimeProvider.System.GetElapsedTime(killed).ShouldBeLessThan(Period * 4);
        }

        await using (var agent = AgentProcess.Start(stream, id, key, work))
        {
            await EventuallyAsync(admin, id, "Available", agent);

            await server.KillAsync();
            await server.StartAsync(Cancellation);
            using var again = await server.AdminAsync(Cancellation);

            // The row still says connected until the new server hears the agent again; it must hear it, on a new stream.
            var before = (await GetAsync(again, id)).GetProperty("lastSeenAt").GetDateTime();
            await EventuallyAsync(again, id, "Available", agent, seenAfter: before);
        }

        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task A_ping_asked_on_one_replica_reaches_the_agent_connected_to_the_other_and_comes_back()
    {
        await using var storage = await ServerStorage.CreateAsync(Cancellation);
        await using var a = await StartReplicaAsync(storage, "node-a");
        var streamB = FreePort();
        await using var b = await StartReplicaAsync(storage, "node-b", streamB);
        using var adminA = await a.AdminAsync(Cancellation);
        var created = await (await adminA.PostAsJsonAsync("/api/v1/agents", new { name = "over-there" }, Cancellation)).Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var id = created.GetProperty("agent").GetProperty("id").GetGuid();
        var work = Directory.CreateTempSubdirectory("docket-agent-").FullName;

        await using (var agent = AgentProcess.Start(new Uri($"http://127.0.0.1:{streamB}"), id, created.GetProperty("key").GetString()!, work))
        {
            await EventuallyAsync(adminA, id, "Available", agent);

            // Replica A holds no stream of this agent: only the database carries the command to B, and the answer back.
            var response = await adminA.PostAsync($"/api/v1/agents/{id}/ping?timeoutSeconds=20", null, Cancellation);
            var body = await response.Content.ReadAsStringAsync(Cancellation);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{body}\n{agent.Output}");
            var answer = JsonDocument.Parse(body).RootElement;
            answer.GetProperty("agentId").GetGuid().ShouldBe(id);
            answer.GetProperty("agentTime").GetDateTime().ShouldBe(TimeProvider.System.GetUtcNow().UtcDateTime, TimeSpan.FromMinutes(1));
        }

        Directory.Delete(work, recursive: true);
    }

    private static Task<ServerProcess> StartReplicaAsync(ServerStorage storage, string node, int? streamPort = null) =>
        ServerProcess.StartAsync(storage, node,
        [
            .. ServerSettings.ForTests,
            $"--Agents:Period={Period}",
            $"--Kestrel:Endpoints:Access:Url=http://127.0.0.1:{FreePort()}",
            $"--Kestrel:Endpoints:AgentStream:Url=http://127.0.0.1:{streamPort ?? FreePort()}",
        ], Cancellation);

    private static async Task<JsonElement> GetAsync(HttpClient client, Guid id) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/agents/{id}", Cancellation);

    private static async Task EventuallyAsync(HttpClient client, Guid id, string state, AgentProcess agent, DateTime? seenAfter = null)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var agentRow = await GetAsync(client, id);
            if (agentRow.GetProperty("state").GetString() == state
                && (seenAfter is null || agentRow.GetProperty("lastSeenAt").GetDateTime() > seenAfter))
            {
                return;
            }

            TimeProvider.System.GetElapsedTime(start).ShouldBeLessThan(TimeSpan.FromSeconds(30), $"the agent never became {state}:\n{agent.Output}");
            await Task.Delay(100, Cancellation);
        }
    }

    private static async Task EventuallyLoggedAsync(HttpClient client, Guid id, string text, AgentProcess agent)
    {
        var start = TimeProvider.System.GetTimestamp();
        while ((await client.GetFromJsonAsync<JsonElement>($"/api/v1/agents/{id}/log-lines?contains={Uri.EscapeDataString(text)}", Cancellation))
            .GetProperty("items").GetArrayLength() == 0)
        {
            TimeProvider.System.GetElapsedTime(start).ShouldBeLessThan(TimeSpan.FromSeconds(30), $"the agent's log never said '{text}':\n{agent.Output}");
            await Task.Delay(100, Cancellation);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
