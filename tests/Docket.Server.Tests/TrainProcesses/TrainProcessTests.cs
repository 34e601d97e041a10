using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Server.Features.TrainProcesses;
using Docket.Server.Storage;
using Docket.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.TrainProcesses;

/// <summary>
/// Training processes through the API without an agent: create, update, enable, disable, remove and their events;
/// references checked through their areas; starts and stops refused when they cannot go; tenants apart; metrics paged.
/// </summary>
[Trait("Category", "Fast")]
public sealed class TrainProcessTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_disable_enable_and_delete_record_15000_15002_15003_and_15001_and_an_update_records_nothing()
    {
        var tenant = await server.CreateTenantAsync();
        var setup = await TrainingSetup.CreateAsync(server, tenant);
        var (client, userId) = await server.CreateUserWithIdAsync(tenant, ("TrainProcess", ["View", "Create", "Edit", "Delete", "Manage"]));

        var created = await client.PostAsJsonAsync("/api/v1/train-processes", setup.Body("Nightly"), Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
        var process = await created.ReadJsonAsync();
        var id = process.GetProperty("id").GetGuid();
        var updated = await client.PutAsJsonAsync($"/api/v1/train-processes/{id}", setup.Body("Nightly, renamed"), Cancellation);
        var disabled = await client.PostAsync($"/api/v1/train-processes/{id}/disable", null, Cancellation);
        var disabledAgain = await client.PostAsync($"/api/v1/train-processes/{id}/disable", null, Cancellation);
        var enabled = await client.PostAsync($"/api/v1/train-processes/{id}/enable", null, Cancellation);
        var deleted = await client.DeleteAsync($"/api/v1/train-processes/{id}", Cancellation);

        process.GetProperty("state").GetString().ShouldBe("Idle");
        process.GetProperty("isEnabled").GetBoolean().ShouldBeTrue();
        process.GetProperty("lastRun").ValueKind.ShouldBe(JsonValueKind.Null);
        process.GetProperty("agent").GetProperty("state").GetString().ShouldBe("Unknown");
        process.GetProperty("dataSetVersion").GetInt32().ShouldBe(1);
        updated.StatusCode.ShouldBe(HttpStatusCode.OK, await updated.Content.ReadAsStringAsync(Cancellation));
        (await updated.ReadJsonAsync()).GetProperty("name").GetString().ShouldBe("Nightly, renamed");
        (await disabled.ReadJsonAsync()).GetProperty("isEnabled").GetBoolean().ShouldBeFalse();
        disabledAgain.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await enabled.ReadJsonAsync()).GetProperty("isEnabled").GetBoolean().ShouldBeTrue();
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var events = (await tenant.Admin.EventsAsync($"entityId={id}")).Reverse().ToArray();
        events.Select(e => e.GetProperty("code").GetInt32()).ShouldBe([15000, 15002, 15003, 15001]);
        events.ShouldAllBe(e => e.GetProperty("entityKind").GetString() == "TrainProcess" && e.GetProperty("userId").GetGuid() == userId);
        (await client.GetAsync($"/api/v1/train-processes/{id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_update_with_a_stale_ETag_is_refused_with_412()
    {
        var tenant = await server.CreateTenantAsync();
        var setup = await TrainingSetup.CreateAsync(server, tenant);
        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/train-processes", setup.Body(), Cancellation);
        var stale = created.Headers.ETag!.Tag;
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        (await tenant.Admin.PostAsync($"/api/v1/train-processes/{id}/disable", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/train-processes/{id}") { Content = JsonContent.Create(setup.Body()) };
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(stale));
        var response = await tenant.Admin.SendAsync(request, Cancellation);

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    /// <summary>Bad references and fields: (case, JSON members merged over a valid body, the field the errors name).</summary>
    public static TheoryData<string, string, string> Invalid => new()
    {
        { "no name", """{"name": " "}""", "name" },
        { "an unknown agent", $$"""{"agentId": "{{Guid.NewGuid()}}"}""", "agentId" },
        { "an unknown template", $$"""{"trainProcessTemplateId": "{{Guid.NewGuid()}}"}""", "trainProcessTemplateId" },
        { "an unknown script", $$"""{"scriptId": "{{Guid.NewGuid()}}"}""", "scriptId" },
        { "a dataset version that is not", """{"dataSetVersion": 9}""", "dataSetVersion" },
        { "version zero", """{"dataSetVersion": 0}""", "dataSetVersion" },
        { "a test dataset without its version", $$"""{"testDataSetId": "{{Guid.NewGuid()}}"}""", "testDataSetVersion" },
        { "an unknown model", $$"""{"modelId": "{{Guid.NewGuid()}}"}""", "modelId" },
        { "a model version that is not", """{"modelVersion": 3}""", "modelVersion" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task An_invalid_process_is_refused_with_400_naming_the_field(string @case, string fields, string field)
    {
        var tenant = await server.CreateTenantAsync();
        var setup = await TrainingSetup.CreateAsync(server, tenant);
        var body = JsonSerializer.SerializeToNode(setup.Body())!.AsObject();
        foreach (var member in JsonDocument.Parse(fields).RootElement.EnumerateObject())
        {
            body[member.Name] = JsonNode.Parse(member.Value.GetRawText());
        }

        var response = await tenant.Admin.PostAsync("/api/v1/train-processes", JsonContent.Create(body), Cancellation);

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty(field).GetArrayLength().ShouldBe(1, @case);
        (await tenant.Admin.EventsAsync("codes=15000")).ShouldBeEmpty(@case);
    }

    [Fact]
    public async Task Another_tenants_objects_a_script_without_start_training_and_a_model_of_another_type_are_refused()
    {
        var tenant = await server.CreateTenantAsync();
        var setup = await TrainingSetup.CreateAsync(server, tenant);
        var theirs = await TrainingSetup.CreateAsync(server, await server.CreateTenantAsync());
        var inference = await tenant.Admin.PostAsJsonAsync("/api/v1/scripts", new { name = "serving only", engine = "external" }, Cancellation);
        var inferenceId = (await inference.ReadJsonAsync()).GetProperty("id").GetGuid();
        (await tenant.Admin.PutAsync($"/api/v1/scripts/{inferenceId}/package",
            ModelTemplates.TestPackages.Content(ModelTemplates.TestPackages.ZipOf(("start_inference.sh", "#!/bin/sh\n"u8.ToArray()))), Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var classifier = await tenant.Admin.PostAsJsonAsync("/api/v1/models",
            new { name = "classifier", modelTypeId = Guid.Parse("00000000-0000-7000-8001-000000000002") }, Cancellation);
        var classifierId = (await classifier.ReadJsonAsync()).GetProperty("id").GetGuid();

        async Task<JsonElement> RefusedAsync(object body) =>
            (await (await tenant.Admin.PostAsJsonAsync("/api/v1/train-processes", body, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
                .GetProperty("errors");

        (await RefusedAsync(Merge(setup.Body(), new { agentId = theirs.AgentId }))).TryGetProperty("agentId", out _).ShouldBeTrue();
        (await RefusedAsync(Merge(setup.Body(), new { trainProcessTemplateId = theirs.TemplateId }))).TryGetProperty("trainProcessTemplateId", out _).ShouldBeTrue();
        (await RefusedAsync(Merge(setup.Body(), new { dataSetId = theirs.DataSetId }))).TryGetProperty("dataSetVersion", out _).ShouldBeTrue();
        (await RefusedAsync(Merge(setup.Body(), new { modelId = theirs.ModelId }))).TryGetProperty("modelId", out _).ShouldBeTrue();
        (await RefusedAsync(Merge(setup.Body(), new { scriptId = inferenceId }))).GetProperty("scriptId")[0].GetString()!.ShouldContain("start_training.sh");
        (await RefusedAsync(Merge(setup.Body(), new { modelId = classifierId }))).GetProperty("modelId")[0].GetString()!.ShouldContain("model type");
    }

    [Fact]
    public async Task A_start_is_refused_with_409_when_the_process_is_disabled_or_its_agent_is_not_connected_or_disabled()
    {
        var tenant = await server.CreateTenantAsync();
        var setup = await TrainingSetup.CreateAsync(server, tenant, archive: true);
        var id = await setup.CreateProcessAsync();

        var notConnected = await tenant.Admin.PostAsync($"/api/v1/train-processes/{id}/start", null, Cancellation);
        (await tenant.Admin.PostAsync($"/api/v1/agents/{setup.AgentId}/disable", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var agentDisabled = await tenant.Admin.PostAsync($"/api/v1/train-processes/{id}/start", null, Cancellation);
        (await tenant.Admin.PostAsync($"/api/v1/train-processes/{id}/disable", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var disabled = await tenant.Admin.PostAsync($"/api/v1/train-processes/{id}/start", null, Cancellation);
        var stopDisabled = await tenant.Admin.PostAsync($"/api/v1/train-processes/{id}/stop", null, Cancellation);

        (await notConnected.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("not connected");
        (await agentDisabled.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("disabled");
        (await disabled.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("enable it");
        (await stopDisabled.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("disabled");
        (await tenant.Admin.EventsAsync($"entityId={id}&codes=15004,15005,15006")).ShouldBeEmpty();
        (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/train-processes/{id}", Cancellation)).GetProperty("state").GetString().ShouldBe("Idle");
    }

    [Fact]
    public async Task A_stop_of_a_process_that_is_not_running_is_refused_with_409()
    {
        var tenant = await server.CreateTenantAsync();
        var id = await (await TrainingSetup.CreateAsync(server, tenant)).CreateProcessAsync();

        var response = await tenant.Admin.PostAsync($"/api/v1/train-processes/{id}/stop", null, Cancellation);

        (await response.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("not running");
        (await tenant.Admin.EventsAsync($"entityId={id}&codes=15006")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Another_tenant_neither_sees_nor_starts_nor_stops_nor_reads_the_metrics_of_a_process()
    {
        var tenant = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();
        var id = await (await TrainingSetup.CreateAsync(server, tenant)).CreateProcessAsync();
        var own = await (await TrainingSetup.CreateAsync(server, other)).CreateProcessAsync();

        var listed = await other.Admin.GetFromJsonAsync<JsonElement>("/api/v1/train-processes", Cancellation);

        listed.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ShouldBe([own]);
        foreach (var (method, path) in new[] { ("GET", ""), ("GET", "/metrics"), ("POST", "/start"), ("POST", "/stop"), ("POST", "/disable"), ("DELETE", "") })
        {
            var response = await other.Admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/api/v1/train-processes/{id}{path}"), Cancellation);
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/train-processes/{id}", Cancellation)).GetProperty("isEnabled").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_model_that_a_training_process_trains_cannot_be_removed()
    {
        var tenant = await server.CreateTenantAsync();
        var setup = await TrainingSetup.CreateAsync(server, tenant);
        var id = await setup.CreateProcessAsync();

        var refused = await tenant.Admin.DeleteAsync($"/api/v1/models/{setup.ModelId}", Cancellation);
        (await tenant.Admin.DeleteAsync($"/api/v1/train-processes/{id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var removed = await tenant.Admin.DeleteAsync($"/api/v1/models/{setup.ModelId}", Cancellation);

        (await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("training processes");
        removed.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Metrics_are_read_as_series_of_the_last_run_in_pages()
    {
        var tenant = await server.CreateTenantAsync();
        var id = await (await TrainingSetup.CreateAsync(server, tenant)).CreateProcessAsync();
        var never = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/train-processes/{id}/metrics", Cancellation);
        await SeedRunAsync(id, "earlier", 1);
        await SeedRunAsync(id, "last", 3);

        var first = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/train-processes/{id}/metrics?limit=4", Cancellation);
        var rest = await tenant.Admin.GetFromJsonAsync<JsonElement>(
            $"/api/v1/train-processes/{id}/metrics?limit=4&cursor={first.GetProperty("nextCursor").GetString()}", Cancellation);
        var earlier = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/train-processes/{id}/metrics?operationKey=earlier", Cancellation);
        var badLimit = await tenant.Admin.GetAsync($"/api/v1/train-processes/{id}/metrics?limit=0", Cancellation);

        never.GetProperty("operationKey").ValueKind.ShouldBe(JsonValueKind.Null);
        never.GetProperty("series").GetArrayLength().ShouldBe(0);
        first.GetProperty("operationKey").GetString().ShouldBe("last");
        Series(first).ShouldBe("loss: 1, 0.5; accuracy: 0.1, 0.2");
        Series(rest).ShouldBe("loss: 0.333; accuracy: 0.3");
        rest.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);
        first.GetProperty("series")[0].GetProperty("points")[1].GetProperty("step").GetInt64().ShouldBe(2);
        Series(earlier).ShouldBe("loss: 1; accuracy: 0.1");
        await badLimit.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    /// <summary>The series as text, in the order they came: "name: value, value; name: ...", values to three places.</summary>
    private static string Series(JsonElement metrics) =>
        string.Join("; ", metrics.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("name").GetString() + ": "
            + string.Join(", ", s.GetProperty("points").EnumerateArray().Select(p => Math.Round(p.GetProperty("value").GetDouble(), 3).ToString(System.Globalization.CultureInfo.InvariantCulture)))));

    /// <summary>A run's metrics as the launch handler keeps them: loss and accuracy per step, the process's last run set to it.</summary>
    private async Task SeedRunAsync(Guid id, string operationKey, int steps)
    {
        await using var scope = server.Scope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        for (var step = 1; step <= steps; step++)
        {
            db.TrainProcessMetrics.Add(new TrainProcessMetric { ProcessId = id, OperationKey = operationKey, Time = TimeProvider.System.GetUtcNow().UtcDateTime, Step = step, Name = "loss", Value = 1.0 / step });
            db.TrainProcessMetrics.Add(new TrainProcessMetric { ProcessId = id, OperationKey = operationKey, Time = TimeProvider.System.GetUtcNow().UtcDateTime, Step = step, Name = "accuracy", Value = step / 10.0 });
        }

        await db.SaveChangesAsync(Cancellation);
        await db.TrainProcesses.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.LastOperationKey, operationKey), Cancellation);
    }

    private static JsonObject Merge(object body, object changes)
    {
        var merged = JsonSerializer.SerializeToNode(body)!.AsObject();
        foreach (var (key, value) in JsonSerializer.SerializeToNode(changes)!.AsObject())
        {
            merged[key] = value?.DeepClone();
        }

        return merged;
    }
}
