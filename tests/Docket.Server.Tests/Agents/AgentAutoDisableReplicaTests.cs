using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Docket.Testing;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Agents;

/// <summary>
/// Agents:AutoDisableUnavailablePeriod with two server processes over one database: the pass runs on the replica that
/// holds the lease on the agent_watch row, so an unreachable agent is disabled once (one 405), not once per replica; and
/// when that replica stops, the other takes the pass over at once.
/// </summary>
public sealed class AgentAutoDisableReplicaTests
{
    /// <summary>What AgentAutoDisableService logs after a pass that disabled agents.</summary>
    private const string DisabledLine = "agent(s) unreachable longer than";

    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Unavailable = TimeSpan.FromSeconds(3);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_replicas_disable_an_unreachable_agent_once_and_the_other_takes_over_when_the_first_stops()
    {
        await using var storage = await ServerStorage.CreateAsync(Cancellation);
        // A starts first, so its first pass takes the lease before B is up.
        await using var a = await StartReplicaAsync(storage, "node-a");
        await using var b = await StartReplicaAsync(storage, "node-b");
        using var adminA = await a.AdminAsync(Cancellation);
        using var adminB = await b.AdminAsync(Cancellation);
        var first = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            first.Add(await CreateAsync(i % 2 == 0 ? adminA : adminB, $"unreachable-{i}"));
        }

        foreach (var id in first)
        {
            await EventuallyDisabledAsync(adminB, id, a, b);
        }

        // Several more passes of both replicas: none may disable them again.
        await Task.Delay(Period * 6, Cancellation);
        foreach (var id in first)
        {
            var events = await EventsAsync(adminA, $"entityId={id}&codes=403,405");
            events.Select(e => e.GetProperty("code").GetInt32()).ShouldBe([405], $"agent {id}\nA:\n{a.Output}\nB:\n{b.Output}");
        }

        a.Output.ShouldContain(DisabledLine, customMessage: "the replica that started first holds the lease and disables");
        b.Output.ShouldNotContain(DisabledLine, customMessage: "the replica without the lease disables nothing");

        // A clean stop releases the lease: B takes the next pass, well before the lease would have lapsed (a minute).
        await a.StopAsync(TimeSpan.FromSeconds(30));
        var later = await CreateAsync(adminB, "after-the-stop");
        var created = TimeProvider.System.GetTimestamp();
        await EventuallyDisabledAsync(adminB, later, a, b);
        TimeProvider.System.GetElapsedTime(created).ShouldBeLessThan(TimeSpan.FromSeconds(30));
        await Task.Delay(Period * 4, Cancellation);
        (await EventsAsync(adminB, $"entityId={later}&codes=405")).Length.ShouldBe(1);
        b.Output.ShouldContain(DisabledLine);
    }

    private static Task<ServerProcess> StartReplicaAsync(ServerStorage storage, string node) =>
        ServerProcess.StartAsync(storage, node,
        [
            .. ServerSettings.ForTests,
            $"--Agents:Period={Period}",
            $"--Agents:AutoDisableUnavailablePeriod={Unavailable}",
            // Its "Disabled N agent(s)" line says which replica ran the pass.
            "--Logging:LogLevel:Docket.Server.Features.Agents.AgentAutoDisableService=Information",
            $"--Kestrel:Endpoints:Access:Url=http://127.0.0.1:{FreePort()}",
            $"--Kestrel:Endpoints:AgentStream:Url=http://127.0.0.1:{FreePort()}",
        ], Cancellation);

    private static async Task<Guid> CreateAsync(HttpClient admin, string name)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/agents", new { name }, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("agent").GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement[]> EventsAsync(HttpClient admin, string query) =>
        [.. (await admin.GetFromJsonAsync<JsonElement>("/api/v1/events?" + query, Cancellation)).GetProperty("items").EnumerateArray()];

    private static async Task EventuallyDisabledAsync(HttpClient admin, Guid id, ServerProcess a, ServerProcess b)
    {
        var start = TimeProvider.System.GetTimestamp();
        while ((await admin.GetFromJsonAsync<JsonElement>($"/api/v1/agents/{id}", Cancellation)).GetProperty("isEnabled").GetBoolean())
        {
            TimeProvider.System.GetElapsedTime(start).ShouldBeLessThan(Unavailable * 5, $"agent {id} was never disabled\nA:\n{a.Output}\nB:\n{b.Output}");
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
