using System.Net;
using System.Net.Http.Json;
using System.Text;
using Docket.Server.Tests.Infrastructure;
using Docket.Server.Tests.Markings;
using Docket.Server.Tests.ModelTemplates;
using Shouldly;

namespace Docket.Server.Tests.InferenceProcesses;

/// <summary>What an inference process names, made through the API in a test's own tenant.</summary>
public sealed record Served(Guid AgentId, string AgentKey, Guid TemplateId, Guid ScriptId, Guid ModelId, Guid SchemeId);

/// <summary>An agent, a model with version 1, a marking scheme, an inference template pinning version 1, and a script with a package.</summary>
public static class InferenceSetup
{
    public const string Route = "/api/v1/inference-processes";
    public static readonly Guid FieldExtraction = Guid.Parse("00000000-0000-7000-8001-000000000001");

    /// <summary>A package with the inference and evaluation launch scripts that only say who they are.</summary>
    public static byte[] PlainScripts() => TestPackages.ZipOf(
        ("start_inference.sh", Encoding.UTF8.GetBytes("#!/bin/sh\necho inference\n")),
        ("start_evaluation.sh", Encoding.UTF8.GetBytes($"#!/bin/sh\n# {Guid.NewGuid()}\n")));

    public static async Task<Served> ServedAsync(TestTenant tenant, byte[]? scripts = null, Guid? schemeId = null, CancellationToken cancellationToken = default)
    {
        var agent = await CreatedAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/agents", new { name = Unique("agent") }, cancellationToken));
        var model = await CreatedAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/models", new { name = Unique("model"), modelTypeId = FieldExtraction }, cancellationToken));
        var modelId = model.GetProperty("id").GetGuid();
        var version = await tenant.Admin.PostAsync($"/api/v1/models/{modelId}/versions", TestPackages.Content(TestPackages.Zip(Unique("model"))), cancellationToken);
        version.StatusCode.ShouldBe(HttpStatusCode.Created, await version.Content.ReadAsStringAsync(cancellationToken));
        var scheme = schemeId ?? (await tenant.Admin.CreateSchemeAsync(await tenant.Admin.CreateProjectAsync())).GetProperty("id").GetGuid();
        var template = await CreatedAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/inference-process-templates",
            new { name = Unique("serving"), modelId, modelVersion = 1, markingSchemeId = scheme, lineRemoval = true }, cancellationToken));
        var script = await CreatedAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/scripts", new { name = Unique("script"), engine = "external" }, cancellationToken));
        var scriptId = script.GetProperty("id").GetGuid();
        var uploaded = await tenant.Admin.PutAsync($"/api/v1/scripts/{scriptId}/package", TestPackages.Content(scripts ?? PlainScripts()), cancellationToken);
        uploaded.StatusCode.ShouldBe(HttpStatusCode.OK, await uploaded.Content.ReadAsStringAsync(cancellationToken));
        return new Served(agent.GetProperty("agent").GetProperty("id").GetGuid(), agent.GetProperty("key").GetString()!,
            template.GetProperty("id").GetGuid(), scriptId, modelId, scheme);
    }

    /// <summary>Creates a process of <paramref name="served"/> and returns its id.</summary>
    public static async Task<Guid> ProcessAsync(this HttpClient client, Served served, string? name = null, CancellationToken cancellationToken = default) =>
        (await CreatedAsync(await client.PostAsJsonAsync(Route,
            new { name = name ?? Unique("process"), agentId = served.AgentId, templateId = served.TemplateId, scriptId = served.ScriptId }, cancellationToken)))
        .GetProperty("id").GetGuid();

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private static async Task<System.Text.Json.JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }
}
