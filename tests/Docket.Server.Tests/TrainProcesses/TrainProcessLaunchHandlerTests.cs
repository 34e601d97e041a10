using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Features.Agents.Launches;
using Docket.Server.Storage;
using Docket.Server.Storage.Blobs;
using Docket.Server.Tests.Infrastructure;
using Docket.Server.Tests.ModelTemplates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.TrainProcesses;

/// <summary>
/// The training area's <see cref="IAgentLaunchHandler"/> as the agents area calls it: in a scope of its own whose
/// operation context carries the launch's tenant and operation key, each report staged and saved with one save. The
/// reports here are made by the test; the end-to-end tests send the same through a real agent.
/// </summary>
[Trait("Category", "Fast")]
public sealed class TrainProcessLaunchHandlerTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static DateTime Now => TimeProvider.System.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task Steps_move_the_state_and_are_recorded_with_the_launchs_operation_key_and_the_agents_text()
    {
        var tenant = await server.CreateTenantAsync();
        var (_, id, launch) = await RunningAsync(tenant, await TrainingSetup.CreateAsync(server, tenant), Docket.Contracts.TrainProcesses.TrainProcessState.Starting);

        await ReportAsync(launch, h => h.StepAsync(launch, new LaunchStep(EventCode.TrainProcessStartPipeline, false, Now, "pipeline started"), Cancellation));
        var launching = await StateAsync(tenant, id);
        await ReportAsync(launch, h => h.StepAsync(launch, new LaunchStep(EventCode.TrainProcessStartDownloadDataSetSuccess, false, Now, "data set downloaded"), Cancellation));
        await ReportAsync(launch, h => h.StepAsync(launch, new LaunchStep(EventCode.TrainProcessStartCompletedSuccess, false, Now, "engine started"), Cancellation));

        launching.ShouldBe("Launching");
        (await StateAsync(tenant, id)).ShouldBe("Running");
        var events = (await tenant.Admin.EventsAsync($"entityId={id}&codes=15100,15600,15700")).Reverse().ToArray();
        events.Select(e => e.GetProperty("code").GetInt32()).ShouldBe([15100, 15600, 15700]);
        events.Select(e => e.GetProperty("text").GetString()).ShouldBe(["pipeline started", "data set downloaded", "engine started"]);
        events.ShouldAllBe(e => e.GetProperty("operationKey").GetString() == launch.OperationKey && e.GetProperty("tenantId").GetGuid() == tenant.Id);
    }

    [Fact]
    public async Task Each_metrics_line_is_kept_as_points_and_recorded_once_as_15900_with_its_values()
    {
        var (tenant, id, launch) = await RunningAsync();

        for (var step = 1; step <= 3; step++)
        {
            var values = new Dictionary<string, double> { ["loss"] = 1.0 / step, ["accuracy"] = step / 4.0, ["broken"] = double.NaN };
            await ReportAsync(launch, h => h.MetricsAsync(launch, new LaunchMetrics(Now, step, values), Cancellation));
        }

        var metrics = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/train-processes/{id}/metrics", Cancellation);
        metrics.GetProperty("operationKey").GetString().ShouldBe(launch.OperationKey);
        metrics.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ShouldBe(["loss", "accuracy"]);
        metrics.GetProperty("series")[1].GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()).ShouldBe([0.25, 0.5, 0.75]);
        metrics.GetProperty("series")[1].GetProperty("points").EnumerateArray().Select(p => p.GetProperty("step").GetInt64()).ShouldBe([1, 2, 3]);
        var recorded = await tenant.Admin.EventsAsync($"entityId={id}&codes=15900");
        recorded.Length.ShouldBe(3);
        recorded.ShouldAllBe(e => e.GetProperty("operationKey").GetString() == launch.OperationKey);
        recorded[0].GetProperty("data").GetProperty("values").GetProperty("loss").GetDouble().ShouldBe(1.0 / 3);
    }

    [Fact]
    public async Task A_succeeded_end_with_its_package_makes_the_next_model_version_with_what_made_it_and_records_15800()
    {
        var (tenant, id, launch, setup) = await RunningWithSetupAsync();
        var package = TestPackages.Zip("trained");
        var blob = await StoreAsync(package);

        await ReportAsync(launch, h => h.EndedAsync(launch, End(LaunchOutcome.Succeeded, "", new Dictionary<LaunchOutputRole, LaunchOutput>
        {
            [LaunchOutputRole.ModelPackage] = new(blob.Key, blob.Size),
        }), Cancellation));

        var process = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/train-processes/{id}", Cancellation);
        process.GetProperty("state").GetString().ShouldBe("Succeeded");
        process.GetProperty("lastRun").GetProperty("modelVersion").GetInt32().ShouldBe(1);
        var version = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/models/{setup.ModelId}/versions/1", Cancellation);
        version.GetProperty("trainProcessTemplateId").GetGuid().ShouldBe(setup.TemplateId);
        version.GetProperty("modelTemplateId").GetGuid().ShouldBe(setup.ModelTemplateId);
        version.GetProperty("dataSetId").GetGuid().ShouldBe(setup.DataSetId);
        version.GetProperty("dataSetVersion").GetInt32().ShouldBe(1);
        version.GetProperty("metrics").GetProperty("loss").GetDouble().ShouldBe(0.125);
        var download = await tenant.Admin.GetByteArrayAsync($"/api/v1/models/{setup.ModelId}/versions/1/package", Cancellation);
        download.ShouldBe(package);
        var success = (await tenant.Admin.EventsAsync($"entityId={id}&codes=15800")).ShouldHaveSingleItem();
        success.GetProperty("operationKey").GetString().ShouldBe(launch.OperationKey);
        success.GetProperty("data").GetProperty("modelVersion").GetInt32().ShouldBe(1);
        (await tenant.Admin.EventsAsync($"entityId={setup.ModelId}&codes=14001")).ShouldHaveSingleItem()
            .GetProperty("operationKey").GetString().ShouldBe(launch.OperationKey);
    }

    [Fact]
    public async Task A_succeeded_end_whose_package_did_not_arrive_or_is_not_a_zip_fails_with_15801_and_makes_no_version()
    {
        var (tenant, id, launch, setup) = await RunningWithSetupAsync();
        var (_, second, secondLaunch) = await RunningAsync(tenant, setup);
        var garbage = await StoreAsync("this is not a zip"u8.ToArray());

        await ReportAsync(launch, h => h.EndedAsync(launch, End(LaunchOutcome.Succeeded, "", new Dictionary<LaunchOutputRole, LaunchOutput>()), Cancellation));
        await ReportAsync(secondLaunch, h => h.EndedAsync(secondLaunch, End(LaunchOutcome.Succeeded, "", new Dictionary<LaunchOutputRole, LaunchOutput>
        {
            [LaunchOutputRole.ModelPackage] = new(garbage.Key, garbage.Size),
        }), Cancellation));

        (await StateAsync(tenant, id)).ShouldBe("Failed");
        (await tenant.Admin.EventsAsync($"entityId={id}&codes=15801")).ShouldHaveSingleItem().GetProperty("text").GetString().ShouldBe("the model package did not arrive");
        (await StateAsync(tenant, second)).ShouldBe("Failed");
        (await tenant.Admin.EventsAsync($"entityId={second}&codes=15801")).ShouldHaveSingleItem().GetProperty("text").GetString()!.ShouldStartWith("the model package was not kept");
        (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/models/{setup.ModelId}/versions", Cancellation)).GetArrayLength().ShouldBe(0);
    }

    /// <summary>(outcome, the reason the agent gives, the state after, the code recorded).</summary>
    public static TheoryData<string, string, string, int> Ends => new()
    {
        { nameof(LaunchOutcome.Failed), "the data set has no marked pages", "Failed", 15801 },
        { nameof(LaunchOutcome.TimedOut), "past the time limit of 01:00:00", "TimedOut", 15802 },
        { nameof(LaunchOutcome.Stopped), "stopped", "Stopped", 15007 },
        { nameof(LaunchOutcome.Lost), "no longer run by the agent", "Lost", 15101 },
    };

    [Theory]
    [MemberData(nameof(Ends))]
    public async Task An_end_sets_the_state_and_records_its_code_with_the_reason(string outcome, string reason, string state, int code)
    {
        var (tenant, id, launch) = await RunningAsync();

        await ReportAsync(launch, h => h.EndedAsync(launch, End(Enum.Parse<LaunchOutcome>(outcome), reason), Cancellation));

        var process = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/train-processes/{id}", Cancellation);
        process.GetProperty("state").GetString().ShouldBe(state);
        process.GetProperty("lastRun").GetProperty("reason").GetString().ShouldBe(reason);
        process.GetProperty("lastRun").GetProperty("endedAt").ValueKind.ShouldBe(JsonValueKind.String);
        var recorded = (await tenant.Admin.EventsAsync($"entityId={id}&codes={code}")).ShouldHaveSingleItem();
        recorded.GetProperty("text").GetString().ShouldBe(reason);
        recorded.GetProperty("operationKey").GetString().ShouldBe(launch.OperationKey);
    }

    [Fact]
    public async Task A_lost_end_after_the_agents_15101_does_not_record_15101_again()
    {
        var (tenant, id, launch) = await RunningAsync();

        await ReportAsync(launch, h => h.StepAsync(launch, new LaunchStep(EventCode.TrainProcessEmergencyShutdown, true, Now, "found dead at start-up"), Cancellation));
        await ReportAsync(launch, h => h.EndedAsync(launch, End(LaunchOutcome.Lost, "found dead at start-up"), Cancellation));

        (await StateAsync(tenant, id)).ShouldBe("Lost");
        (await tenant.Admin.EventsAsync($"entityId={id}&codes=15101")).ShouldHaveSingleItem().GetProperty("text").GetString().ShouldBe("found dead at start-up");
    }

    [Fact]
    public async Task A_late_report_of_an_earlier_run_is_recorded_but_moves_nothing()
    {
        var (tenant, id, launch) = await RunningAsync();
        var earlier = launch with { OperationKey = "an-earlier-run" };

        await ReportAsync(earlier, h => h.EndedAsync(earlier, End(LaunchOutcome.Failed, "old news"), Cancellation));

        (await StateAsync(tenant, id)).ShouldBe("Running");
        (await tenant.Admin.EventsAsync($"entityId={id}&codes=15801")).ShouldHaveSingleItem().GetProperty("operationKey").GetString().ShouldBe("an-earlier-run");
    }

    private async Task<(TestTenant Tenant, Guid Id, LaunchContext Launch)> RunningAsync()
    {
        var (tenant, id, launch, _) = await RunningWithSetupAsync();
        return (tenant, id, launch);
    }

    private async Task<(TestTenant Tenant, Guid Id, LaunchContext Launch, TrainingSetup Setup)> RunningWithSetupAsync()
    {
        var tenant = await server.CreateTenantAsync();
        var setup = await TrainingSetup.CreateAsync(server, tenant);
        var (_, id, launch) = await RunningAsync(tenant, setup);
        return (tenant, id, launch, setup);
    }

    /// <summary>A process of the setup whose run is under way (Running unless said), as a start and its steps leave it (its row only: no agent takes part here).</summary>
    private async Task<(TestTenant Tenant, Guid Id, LaunchContext Launch)> RunningAsync(
        TestTenant tenant, TrainingSetup setup, Docket.Contracts.TrainProcesses.TrainProcessState state = Docket.Contracts.TrainProcesses.TrainProcessState.Running)
    {
        var id = await setup.CreateProcessAsync();
        var operationKey = Guid.CreateVersion7().ToString();
        await using var scope = server.Scope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        await db.Set<Docket.Server.Features.TrainProcesses.TrainProcess>().Where(p => p.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.State, state)
            .SetProperty(p => p.LastOperationKey, operationKey)
            .SetProperty(p => p.LastStartedAt, Now), Cancellation);
        return (tenant, id, new LaunchContext(Guid.CreateVersion7(), setup.AgentId, tenant.Id, LaunchKind.Training, id, operationKey));
    }

    /// <summary>As the agents area hands a report over: a scope of its own under the launch's tenant and operation key, one save.</summary>
    private async Task ReportAsync(LaunchContext launch, Func<IAgentLaunchHandler, Task> report)
    {
        await using var scope = server.Scope();
        var operation = scope.ServiceProvider.GetRequiredService<OperationContext>();
        operation.TenantId = launch.TenantId;
        operation.OperationKey = launch.OperationKey;
        var handler = scope.ServiceProvider.GetServices<IAgentLaunchHandler>().Single(h => h.Handles(LaunchKind.Training));
        await report(handler);
        await scope.ServiceProvider.GetRequiredService<DocketDbContext>().SaveChangesAsync(Cancellation);
    }

    private async Task<StoredBlob> StoreAsync(byte[] bytes)
    {
        await using var scope = server.Scope();
        return await scope.ServiceProvider.GetRequiredService<IBlobStore>().PutAsync(new MemoryStream(bytes), Cancellation);
    }

    private static LaunchEnd End(LaunchOutcome outcome, string reason, IReadOnlyDictionary<LaunchOutputRole, LaunchOutput>? outputs = null) =>
        new(outcome, reason, Now, new Dictionary<string, double> { ["loss"] = 0.125 }, null, 0, outputs ?? new Dictionary<LaunchOutputRole, LaunchOutput>());

    private static async Task<string?> StateAsync(TestTenant tenant, Guid id) =>
        (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/train-processes/{id}", Cancellation)).GetProperty("state").GetString();
}
