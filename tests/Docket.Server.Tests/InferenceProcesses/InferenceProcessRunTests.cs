using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Tests.Agents;
using Docket.Server.Tests.DataSets;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;
using static Docket.Server.Tests.InferenceProcesses.InferenceSetup;

namespace Docket.Server.Tests.InferenceProcesses;

/// <summary>
/// End to end: the real agent program as its own process, connected to the real server, running tests/Docket.TestEngine
/// from a script package. A process starts and serves (18800) under its launch's operation key and stops; an engine
/// that dies leaves it Failed with the reason; a test run keeps its scores per field (18900, 18940) and its predictions (18920).
/// </summary>
public sealed class InferenceProcessRunTests(InferenceAgentServer server) : IClassFixture<InferenceAgentServer>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly string work = Directory.CreateTempSubdirectory("docket-inference-agent-").FullName;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_started_process_serves_with_18800_under_its_launchs_operation_key_and_a_stop_ends_it_Stopped()
    {
        var tenant = await server.CreateTenantAsync();
        var served = await ServedAsync(tenant, EngineScripts.Zip("serve"), cancellationToken: Cancellation);
        await using var agent = await ConnectAsync(tenant, served);
        var id = await tenant.Admin.ProcessAsync(served, cancellationToken: Cancellation);

        var start = await tenant.Admin.PostAsync($"{Route}/{id}/start", null, Cancellation);
        start.StatusCode.ShouldBe(HttpStatusCode.Accepted, await start.Content.ReadAsStringAsync(Cancellation));
        var serving = await StateAsync(tenant.Admin, id, "Serving", agent);
        var launch = serving.GetProperty("lastLaunch");
        var operation = launch.GetProperty("operationKey").GetString()!;
        launch.GetProperty("modelVersion").GetInt32().ShouldBe(1);
        launch.GetProperty("servingAt").ValueKind.ShouldBe(JsonValueKind.String);
        // Busy once the agent's next heartbeat lists the process; connected either way.
        serving.GetProperty("agentState").GetString().ShouldBeOneOf("Available", "Busy");

        var started = await EventsOfAsync(tenant.Admin, operation);
        started.Select(e => e.GetProperty("code").GetInt32()).ShouldBe([204, 206, 18100, 18200, 18300, 18500, 18502, 18600, 18800], ignoreOrder: true);
        started.ShouldAllBe(e => e.GetProperty("entityKind").GetString() == "InferenceProcess" && e.GetProperty("entityId").GetString() == id.ToString());

        // While it runs it is neither removed, disabled, started again nor moved to another agent.
        await (await tenant.Admin.DeleteAsync($"{Route}/{id}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await tenant.Admin.PostAsync($"{Route}/{id}/disable", null, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await tenant.Admin.PostAsync($"{Route}/{id}/start", null, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var other = await tenant.Admin.PostAsJsonAsync("/api/v1/agents", new { name = Unique("other") }, Cancellation);
        var moved = await tenant.Admin.PutAsJsonAsync($"{Route}/{id}", new
        {
            name = "moved", agentId = (await other.ReadJsonAsync()).GetProperty("agent").GetProperty("id").GetGuid(), templateId = served.TemplateId,
            scriptId = served.ScriptId,
        }, Cancellation);
        await moved.ShouldBeProblemAsync(HttpStatusCode.Conflict);

        using var stop = new HttpRequestMessage(HttpMethod.Post, $"{Route}/{id}/stop");
        var stopKey = Guid.NewGuid().ToString();
        stop.Headers.Add("X-Operation-Key", stopKey);
        var stopped = await tenant.Admin.SendAsync(stop, Cancellation);
        stopped.StatusCode.ShouldBe(HttpStatusCode.Accepted, await stopped.Content.ReadAsStringAsync(Cancellation));
        var ended = await StateAsync(tenant.Admin, id, "Stopped", agent);
        ended.GetProperty("lastLaunch").GetProperty("endedAt").ValueKind.ShouldBe(JsonValueKind.String);
        (await EventsOfAsync(tenant.Admin, stopKey)).Select(e => e.GetProperty("code").GetInt32()).ShouldBe([205, 207]);
    }

    [Fact]
    public async Task An_engine_that_dies_leaves_the_process_Failed_with_the_reason()
    {
        var tenant = await server.CreateTenantAsync();
        var served = await ServedAsync(tenant, EngineScripts.Zip("crash"), cancellationToken: Cancellation);
        await using var agent = await ConnectAsync(tenant, served);
        var id = await tenant.Admin.ProcessAsync(served, cancellationToken: Cancellation);

        var start = await tenant.Admin.PostAsync($"{Route}/{id}/start", null, Cancellation);
        start.StatusCode.ShouldBe(HttpStatusCode.Accepted, await start.Content.ReadAsStringAsync(Cancellation));
        var failed = await StateAsync(tenant.Admin, id, "Failed", agent);

        failed.GetProperty("lastLaunch").GetProperty("reason").GetString().ShouldNotBeNullOrWhiteSpace();
        var codes = (await EventsOfAsync(tenant.Admin, failed.GetProperty("lastLaunch").GetProperty("operationKey").GetString()!))
            .Select(e => e.GetProperty("code").GetInt32()).ToList();
        codes.ShouldContain(18801);
        codes.ShouldNotContain(18800);

        // A failed process may be started again: the next launch is a new one.
        (await tenant.Admin.PostAsync($"{Route}/{id}/start", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task A_test_run_keeps_its_scores_per_field_with_18900_and_ends_with_18940()
    {
        var (tenant, id, dataSetId, agent) = await TestRunSetupAsync();
        await using var _ = agent;

        var run = await RunToEndAsync(tenant, id, dataSetId, agent);

        run.GetProperty("state").GetString().ShouldBe("Succeeded", run.GetRawText());
        var total = run.GetProperty("fields").EnumerateArray().ShouldHaveSingleItem();
        total.GetProperty("name").GetString().ShouldBe("Total");
        total.GetProperty("scores").GetProperty("accuracy").GetDouble().ShouldBe(0.5);
        total.GetProperty("scores").GetProperty("count").GetDouble().ShouldBe(2);
        var events = await EventsOfAsync(tenant.Admin, run.GetProperty("operationKey").GetString()!);
        var codes = events.Select(e => e.GetProperty("code").GetInt32()).ToList();
        codes.ShouldContain(18100);
        codes.ShouldContain(18700);
        codes.ShouldContain(18702);
        codes.ShouldContain(18900);
        codes[^1].ShouldBe(18940);
        codes.ShouldNotContain(18960);
        events.ShouldAllBe(e => e.GetProperty("entityKind").GetString() == "InferenceTestRun"
            && e.GetProperty("entityId").GetString() == run.GetProperty("id").GetString());
        var listed = await tenant.Admin.GetFromJsonAsync<JsonElement>($"{Route}/{id}/test-runs", Cancellation);
        listed.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ShouldBe([run.GetProperty("id").GetString()]);
    }

    [Fact]
    public async Task A_test_run_keeps_the_predicted_values_per_page_with_18920()
    {
        var (tenant, id, dataSetId, agent) = await TestRunSetupAsync();
        await using var _ = agent;

        var run = await RunToEndAsync(tenant, id, dataSetId, agent);

        run.GetProperty("state").GetString().ShouldBe("Succeeded", run.GetRawText());
        run.GetProperty("predictionsReceived").GetBoolean().ShouldBeTrue(run.GetRawText());
        run.GetProperty("predictionCount").GetInt32().ShouldBe(1);
        var page = await tenant.Admin.GetFromJsonAsync<JsonElement>(
            $"{Route}/{id}/test-runs/{run.GetProperty("id").GetString()}/predictions?field=Total", Cancellation);
        var value = page.GetProperty("items").EnumerateArray().ShouldHaveSingleItem();
        value.GetProperty("sha256").GetString().ShouldBe(new string('a', 64));
        value.GetProperty("text").GetString().ShouldBe("10.00");
        value.GetProperty("confidence").GetDouble().ShouldBe(0.9);
        value.GetProperty("box").GetProperty("height").GetInt32().ShouldBe(4);
        (await EventsOfAsync(tenant.Admin, run.GetProperty("operationKey").GetString()!)).Select(e => e.GetProperty("code").GetInt32()).ShouldContain(18920);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(work, recursive: true);
        }
        catch (IOException)
        {
            // An engine may still be going away; the temp folder is the system's to clean then.
        }
    }

    /// <summary>A tenant with a marked project, its dataset's version 1 built, a process serving that project's scheme, and its agent connected.</summary>
    private async Task<(TestTenant Tenant, Guid ProcessId, Guid DataSetId, AgentProcess Agent)> TestRunSetupAsync()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await server.MarkedProjectAsync(tenant, 2);
        var served = await ServedAsync(tenant, EngineScripts.Zip("succeed"), project.SchemeId, Cancellation);
        var dataSet = await tenant.Admin.PostAsJsonAsync($"/api/v1/projects/{project.ProjectId}/data-sets",
            new { name = Unique("test-set"), schemeId = project.SchemeId }, Cancellation);
        dataSet.StatusCode.ShouldBe(HttpStatusCode.Created, await dataSet.Content.ReadAsStringAsync(Cancellation));
        var dataSetId = (await dataSet.ReadJsonAsync()).GetProperty("id").GetGuid();
        var requested = await tenant.Admin.PostAsync($"/api/v1/data-sets/{dataSetId}/versions/1/archives", null, Cancellation);
        requested.StatusCode.ShouldBe(HttpStatusCode.Accepted, await requested.Content.ReadAsStringAsync(Cancellation));
        await tenant.Admin.WaitForArchiveAsync(requested.Headers.Location!, "Ready");
        var agent = await ConnectAsync(tenant, served);
        var id = await tenant.Admin.ProcessAsync(served, cancellationToken: Cancellation);
        return (tenant, id, dataSetId, agent);
    }

    private static async Task<JsonElement> RunToEndAsync(TestTenant tenant, Guid processId, Guid dataSetId, AgentProcess agent)
    {
        var started = await tenant.Admin.PostAsJsonAsync($"{Route}/{processId}/test-runs", new { dataSetId, version = 1 }, Cancellation);
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync(Cancellation));
        var begun = await started.ReadJsonAsync();
        begun.GetProperty("modelVersion").GetInt32().ShouldBe(1);
        var location = started.Headers.Location!;
        var since = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var run = await tenant.Admin.GetFromJsonAsync<JsonElement>(location, Cancellation);
            if (run.GetProperty("state").GetString() is "Succeeded" or "Failed")
            {
                return run;
            }

            TimeProvider.System.GetElapsedTime(since).ShouldBeLessThan(Patience, $"the test run never ended: {run}\n{agent.Output}");
            await Task.Delay(200, Cancellation);
        }
    }

    private async Task<AgentProcess> ConnectAsync(TestTenant tenant, Served served)
    {
        var folder = Directory.CreateDirectory(Path.Combine(work, served.AgentId.ToString("N"))).FullName;
        var agent = AgentProcess.Start(server.StreamAddress, served.AgentId, served.AgentKey, folder);
        var since = TimeProvider.System.GetTimestamp();
        while ((await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/agents/{served.AgentId}", Cancellation)).GetProperty("state").GetString() != "Available")
        {
            TimeProvider.System.GetElapsedTime(since).ShouldBeLessThan(Patience, $"the agent never connected:\n{agent.Output}");
            await Task.Delay(100, Cancellation);
        }

        return agent;
    }

    private static async Task<JsonElement> StateAsync(HttpClient client, Guid id, string state, AgentProcess agent)
    {
        var since = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var process = await client.GetFromJsonAsync<JsonElement>($"{Route}/{id}", Cancellation);
            if (process.GetProperty("state").GetString() == state)
            {
                return process;
            }

            TimeProvider.System.GetElapsedTime(since).ShouldBeLessThan(Patience, $"the process never became {state}: {process}\n{agent.Output}");
            await Task.Delay(200, Cancellation);
        }
    }

    /// <summary>The events of one operation, oldest first.</summary>
    private static async Task<JsonElement[]> EventsOfAsync(HttpClient client, string operationKey) =>
        [.. (await client.EventsAsync($"operationKey={Uri.EscapeDataString(operationKey)}&limit=500")).Reverse()];
}
