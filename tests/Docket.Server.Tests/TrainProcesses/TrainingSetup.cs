using System.Net;
using System.Net.Http.Json;
using System.Text;
using Docket.Server.Tests.DataSets;
using Docket.Server.Tests.Infrastructure;
using Docket.Server.Tests.ModelTemplates;
using Shouldly;

namespace Docket.Server.Tests.TrainProcesses;

/// <summary>
/// Everything a training process names, made through the API in one tenant: an agent (with its key), a model template
/// with a package, a training template from it, a script whose package holds start_training.sh, a marked dataset's
/// version 1 (its archive built when asked), and a model of the built-in FieldExtraction type.
/// </summary>
public sealed record TrainingSetup(
    TestTenant Tenant, Guid AgentId, string AgentKey, Guid ModelTemplateId, Guid TemplateId, Guid ScriptId, Guid DataSetId, Guid ModelId)
{
    public static readonly Guid FieldExtraction = Guid.Parse("00000000-0000-7000-8001-000000000001");

    private static CancellationToken Cancellation => Xunit.TestContext.Current.CancellationToken;

    /// <param name="scripts">The script package; a plain start_training.sh when null.</param>
    /// <param name="maxRunTime">The training template's longest run.</param>
    public static async Task<TrainingSetup> CreateAsync(
        DocketServer server, TestTenant tenant, bool archive = false, byte[]? scripts = null, TimeSpan? maxRunTime = null)
    {
        var agent = await OkAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/agents", new { name = Unique("agent") }, Cancellation));
        var modelTemplate = await IdAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/model-templates",
            new { name = Unique("base"), modelTypeId = FieldExtraction }, Cancellation));
        await OkAsync(await tenant.Admin.PutAsync($"/api/v1/model-templates/{modelTemplate}/package",
            TestPackages.Content(TestPackages.Zip(Unique("template"))), Cancellation));
        var template = await IdAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/train-process-templates",
            new { name = Unique("recipe"), modelTypeId = FieldExtraction, modelTemplateId = modelTemplate, iterations = 4, maxRunTime = maxRunTime ?? TimeSpan.FromHours(1) },
            Cancellation));
        var script = await IdAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/scripts", new { name = Unique("engine"), engine = "external" }, Cancellation));
        await OkAsync(await tenant.Admin.PutAsync($"/api/v1/scripts/{script}/package",
            TestPackages.Content(scripts ?? TestPackages.ZipOf(("start_training.sh", Encoding.UTF8.GetBytes($"#!/bin/sh\n# {Unique("script")}\n")))),
            Cancellation));
        var project = await server.MarkedProjectAsync(tenant, 2);
        var dataSet = await IdAsync(await tenant.Admin.PostAsJsonAsync($"/api/v1/projects/{project.ProjectId}/data-sets",
            new { name = Unique("set"), schemeId = project.SchemeId }, Cancellation));
        if (archive)
        {
            var requested = await tenant.Admin.PostAsync($"/api/v1/data-sets/{dataSet}/versions/1/archives", null, Cancellation);
            requested.StatusCode.ShouldBe(HttpStatusCode.Accepted, await requested.Content.ReadAsStringAsync(Cancellation));
            await tenant.Admin.WaitForArchiveAsync(requested.Headers.Location!, "Ready");
        }

        var model = await IdAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/models", new { name = Unique("model"), modelTypeId = FieldExtraction }, Cancellation));
        return new TrainingSetup(tenant, agent.GetProperty("agent").GetProperty("id").GetGuid(), agent.GetProperty("key").GetString()!,
            modelTemplate, template, script, dataSet, model);
    }

    /// <summary>A create (or update) body naming this setup's objects.</summary>
    public object Body(string? name = null, int? modelVersion = null) => new
    {
        name = name ?? Unique("training"),
        agentId = AgentId,
        trainProcessTemplateId = TemplateId,
        scriptId = ScriptId,
        dataSetId = DataSetId,
        dataSetVersion = 1,
        modelId = ModelId,
        modelVersion,
    };

    /// <summary>Creates a process of this setup; its id.</summary>
    public async Task<Guid> CreateProcessAsync(string? name = null) =>
        await IdAsync(await Tenant.Admin.PostAsJsonAsync("/api/v1/train-processes", Body(name), Cancellation));

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private static async Task<Guid> IdAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    private static async Task<System.Text.Json.JsonElement> OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        response.IsSuccessStatusCode.ShouldBeTrue(body);
        return System.Text.Json.JsonDocument.Parse(body).RootElement;
    }
}
