using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Features.TrainProcessTemplates;
using Docket.Server.Storage;
using Docket.Server.Tests.Agents;
using Docket.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.TrainProcesses;

/// <summary>
/// Training end to end: the real server, the real agent as its own process, and tests/Docket.TestEngine run by the
/// agent through the uploaded script package. A run trains to a new model version, an engine failure records its
/// reason, the time limit ends a run, a stop stops it, and the metrics read back as series.
/// </summary>
public sealed class TrainProcessRunTests(TrainingServer server) : IClassFixture<TrainingServer>, IAsyncLifetime
{
    private readonly List<AgentProcess> agents = [];
    private readonly List<string> folders = [];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_trains_to_a_new_model_version_whose_package_downloads_and_its_metrics_read_as_series()
    {
        var (tenant, setup, id) = await ProcessAsync("succeed");

        var operationKey = (await StartAsync(tenant, id)).GetProperty("lastRun").GetProperty("operationKey").GetString()!;
        var ended = await EndedAsync(tenant, id);

        // Every event of the run carries the start's operation key: the server's, the agent's steps, the metrics, the end.
        var events = (await tenant.Admin.EventsAsync($"entityId={id}&limit=200")).Reverse().Where(e => e.GetProperty("code").GetInt32() != 15000).ToArray();
        var codes = events.Select(e => e.GetProperty("code").GetInt32()).ToArray();
        codes.Take(2).ShouldBe([15005, 15004]);
        codes.ShouldContain(15100);
        codes.ShouldContain(15600);
        codes.ShouldContain(15602);
        codes.ShouldContain(15700);
        codes.Count(c => c == 15900).ShouldBe(4);
        events.ShouldAllBe(e => e.GetProperty("operationKey").GetString() == operationKey);
        var metrics = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/train-processes/{id}/metrics", Cancellation);
        metrics.GetProperty("operationKey").GetString().ShouldBe(operationKey);
        var loss = metrics.GetProperty("series").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "loss");
        loss.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("step").GetInt64()).ShouldBe([1, 2, 3, 4]);
        loss.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()).ShouldBe([1, 0.5, 1.0 / 3, 0.25]);

        // What the agent side must upload for this (branch i11-agent-outputs): the engine's output/model/ as the package.
        ended.GetProperty("state").GetString().ShouldBe("Succeeded", ended.GetProperty("lastRun").GetProperty("reason").ToString());
        ended.GetProperty("lastRun").GetProperty("modelVersion").GetInt32().ShouldBe(1);
        codes.Last().ShouldBe(15800);
        var version = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/models/{setup.ModelId}/versions/1", Cancellation);
        version.GetProperty("trainProcessTemplateId").GetGuid().ShouldBe(setup.TemplateId);
        version.GetProperty("metrics").GetProperty("loss").GetDouble().ShouldBe(0.25);
        var package = await tenant.Admin.GetByteArrayAsync($"/api/v1/models/{setup.ModelId}/versions/1/package", Cancellation);
        using var zip = new ZipArchive(new MemoryStream(package));
        zip.Entries.Select(e => e.FullName.TrimStart('/')).ShouldContain(name => name.EndsWith("model.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_engine_that_fails_ends_the_run_Failed_with_15801_and_the_engines_reason()
    {
        var (tenant, _, id) = await ProcessAsync("fail");

        await StartAsync(tenant, id);
        var ended = await EndedAsync(tenant, id);

        ended.GetProperty("state").GetString().ShouldBe("Failed");
        ended.GetProperty("lastRun").GetProperty("reason").GetString().ShouldBe("the data set has no marked pages");
        (await tenant.Admin.EventsAsync($"entityId={id}&codes=15801")).ShouldHaveSingleItem()
            .GetProperty("text").GetString().ShouldBe("the data set has no marked pages");
        (await tenant.Admin.EventsAsync($"entityId={id}&codes=15800")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_run_longer_than_its_template_allows_ends_TimedOut_with_15802()
    {
        var (tenant, setup, id) = await ProcessAsync("hang");
        // The API's floor is a minute; the test sets a few seconds in the database.
        await using (var scope = server.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<DocketDbContext>().TrainProcessTemplates.Where(t => t.Id == setup.TemplateId)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.MaxRunTime, TimeSpan.FromSeconds(3)), Cancellation);
        }

        await StartAsync(tenant, id);
        var ended = await EndedAsync(tenant, id);

        ended.GetProperty("state").GetString().ShouldBe("TimedOut");
        (await tenant.Admin.EventsAsync($"entityId={id}&codes=15802")).ShouldHaveSingleItem();
        (await tenant.Admin.EventsAsync($"entityId={id}&codes=15801,15800,15007")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_stop_stops_the_running_engine_and_its_end_records_15007()
    {
        var (tenant, _, id) = await ProcessAsync("hang");
        await StartAsync(tenant, id);
        await StateAsync(tenant, id, "Running");

        var stopped = await tenant.Admin.PostAsync($"/api/v1/train-processes/{id}/stop", null, Cancellation);
        stopped.StatusCode.ShouldBe(HttpStatusCode.Accepted, await stopped.Content.ReadAsStringAsync(Cancellation));
        var ended = await EndedAsync(tenant, id);

        ended.GetProperty("state").GetString().ShouldBe("Stopped");
        var codes = (await tenant.Admin.EventsAsync($"entityId={id}&codes=15006,15007,15008")).Reverse().Select(e => e.GetProperty("code").GetInt32());
        codes.ShouldBe([15006, 15007]);
        var again = await tenant.Admin.PostAsync($"/api/v1/train-processes/{id}/stop", null, Cancellation);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in agents)
        {
            await agent.DisposeAsync();
        }

        foreach (var folder in folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A tenant with a training setup whose script runs the test engine with <paramref name="behaviour"/>, its agent connected, and a process of it.</summary>
    private async Task<(TestTenant Tenant, TrainingSetup Setup, Guid Id)> ProcessAsync(string behaviour)
    {
        var tenant = await server.CreateTenantAsync();
        var setup = await TrainingSetup.CreateAsync(server, tenant, archive: true, scripts: EngineScripts.Training(behaviour));
        var work = Directory.CreateTempSubdirectory("docket-training-").FullName;
        folders.Add(work);
        var agent = AgentProcess.Start(server.StreamAddress, setup.AgentId, setup.AgentKey, work, "--Agent:EngineGracePeriod=00:00:01");
        agents.Add(agent);
        await AgentAvailableAsync(tenant, setup.AgentId, agent);
        return (tenant, setup, await setup.CreateProcessAsync());
    }

    private static async Task AgentAvailableAsync(TestTenant tenant, Guid agentId, AgentProcess agent)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/agents/{agentId}", Cancellation)).GetProperty("state").GetString() != "Available")
        {
            agent.HasExited.ShouldBeFalse(agent.Output);
            timeout.IsCancellationRequested.ShouldBeFalse($"The agent did not connect:\n{agent.Output}");
            await Task.Delay(100, Cancellation);
        }
    }

    private static async Task<JsonElement> StartAsync(TestTenant tenant, Guid id)
    {
        var started = await tenant.Admin.PostAsync($"/api/v1/train-processes/{id}/start", null, Cancellation);
        var body = await started.Content.ReadAsStringAsync(Cancellation);
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>Polls the process until its run has ended; fails after two minutes.</summary>
    private static Task<JsonElement> EndedAsync(TestTenant tenant, Guid id) =>
        StateAsync(tenant, id, "Succeeded", "Failed", "TimedOut", "Stopped", "Lost");

    private static async Task<JsonElement> StateAsync(TestTenant tenant, Guid id, params string[] states)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var process = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/train-processes/{id}", Cancellation);
            if (states.Contains(process.GetProperty("state").GetString()))
            {
                return process;
            }

            timeout.IsCancellationRequested.ShouldBeFalse($"The process stayed {process.GetProperty("state").GetString()}: {process}");
            await Task.Delay(200, Cancellation);
        }
    }
}
