using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Contracts.DataSets.Archive;
using Docket.Contracts.TrainProcesses;
using Docket.Contracts.TrainProcessTemplates;
using Docket.Server.Common;
using Docket.Server.Features.Agents.Launches;
using Docket.Server.Features.Agents.Transfers;
using Docket.Server.Features.DataSets;
using Docket.Server.Features.Models;
using Docket.Server.Features.ModelTemplates;
using Docket.Server.Features.Scripts;
using Docket.Server.Features.TrainProcessTemplates;

namespace Docket.Server.Features.TrainProcesses;

/// <summary>
/// What a run of a process needs, read at the start through the owning areas' queries (a template, a script or a
/// dataset may have changed or gone since the process was made): the files the agent downloads, each by its blob,
/// and the engine input (docs/engine-contract.md, "The input"). A reference that no longer serves is a 409 that says
/// which and what to do.
/// </summary>
public sealed class TrainProcessFiles(
    TrainProcessTemplateQueries templates,
    ModelTemplateQueries modelTemplates,
    ScriptQueries scripts,
    DataSetQueries dataSets,
    ModelQueries models)
{
    /// <summary>
    /// Why the script cannot run a training (null when it can), given the launch scripts its package holds (null: no
    /// script of the tenant with a package): the package must hold start_training.sh.
    /// </summary>
    public static string? ScriptRefusal(IReadOnlyList<string>? launchScripts) => launchScripts switch
    {
        null => "names no script of the tenant with a package; upload the script's package first.",
        _ when !launchScripts.Contains(LaunchScripts.Training) => $"is a script whose package holds no {LaunchScripts.Training}; a training runs that script.",
        _ => null,
    };

    public async Task<Result<TrainProcessLaunchPlan>> PlanAsync(TrainProcess process, CancellationToken cancellationToken)
    {
        var tenantId = process.TenantId;
        var template = await templates.FindForTenantAsync(tenantId, process.TrainProcessTemplateId, cancellationToken);
        if (template is null)
        {
            return Unrunnable("Its training template was removed; choose another (UpdateTrainProcess).");
        }

        var modelTemplate = await modelTemplates.FindForTenantAsync(tenantId, template.ModelTemplateId, cancellationToken);
        if (modelTemplate?.PackageBlob is null || modelTemplate.PackageSize is null)
        {
            return Unrunnable("The training template's model template has no package; upload one first.");
        }

        if (ScriptRefusal(await scripts.LaunchScriptsForTenantAsync(tenantId, process.ScriptId, cancellationToken)) is { } refusal)
        {
            return Unrunnable($"Its script {refusal}");
        }

        var script = await scripts.PackageForTenantAsync(tenantId, process.ScriptId, cancellationToken);
        if (script is null)
        {
            return Unrunnable("Its script has no package; upload one that holds start_training.sh first.");
        }

        var model = await models.FindForTenantAsync(tenantId, process.ModelId, cancellationToken);
        if (model is null)
        {
            return Unrunnable("Its model was removed; choose another (UpdateTrainProcess).");
        }

        if (model.ModelTypeId != template.ModelTypeId)
        {
            return Unrunnable("Its model is of another model type than its training template's.");
        }

        var files = new List<LaunchFile>
        {
            new(LaunchFileRole.Script, new AgentFile(script.BlobKey, script.Size, script.DownloadName)),
            new(LaunchFileRole.ModelTemplate, new AgentFile(modelTemplate.PackageBlob, modelTemplate.PackageSize.Value,
                DownloadNames.Of(modelTemplate.Name + ".zip", "model-template.zip"))),
        };
        if (process.ModelVersion is { } number)
        {
            var version = await models.FindNumberedAsync(tenantId, model.Id, number, cancellationToken);
            if (version is null)
            {
                return Unrunnable($"Its model has no version {number} any more to continue from.");
            }

            files.Add(new(LaunchFileRole.Model, new AgentFile(version.PackageBlob, version.PackageSize, DownloadNames.Of($"{model.Name} v{number}.zip", "model.zip"))));
        }

        var (dataSet, scheme, error) = await DataSetAsync(tenantId, process.DataSetId, process.DataSetVersion, "dataset", cancellationToken);
        if (error is not null)
        {
            return error;
        }

        files.Add(new(LaunchFileRole.DataSet, dataSet!));
        if (process.TestDataSetId is { } testId)
        {
            var (testDataSet, _, testError) = await DataSetAsync(tenantId, testId, process.TestDataSetVersion!.Value, "test dataset", cancellationToken);
            if (testError is not null)
            {
                return testError;
            }

            files.Add(new(LaunchFileRole.TestDataSet, testDataSet!));
        }

        return new TrainProcessLaunchPlan(files, EngineInput(template, scheme!), template.MaxRunTime, template.ModelTemplateId);
    }

    private async Task<(AgentFile? File, DataSetArchiveFormat.Scheme? Scheme, ApiError? Error)> DataSetAsync(
        Guid tenantId, Guid dataSetId, int number, string what, CancellationToken cancellationToken)
    {
        var versionId = await dataSets.FindVersionIdAsync(tenantId, dataSetId, number, cancellationToken);
        if (versionId is null)
        {
            return (null, null, Unrunnable($"Its {what} has no version {number} any more."));
        }

        var archive = await dataSets.BuiltArchiveAsync(tenantId, versionId.Value, cancellationToken);
        if (archive is null)
        {
            return (null, null, Unrunnable($"Its {what}'s version {number} has no built archive; build one first (RequestDataSetArchive)."));
        }

        var scheme = await dataSets.VersionSchemeAsync(tenantId, versionId.Value, cancellationToken);
        return (new AgentFile(archive.BlobKey, archive.Size, archive.DownloadName), scheme, null);
    }

    /// <summary>The engine input's members the server fills in: the training template's parameters and the dataset's scheme.</summary>
    private static string EngineInput(TrainProcessTemplate template, DataSetArchiveFormat.Scheme scheme)
    {
        var input = new JsonObject
        {
            ["parameters"] = new JsonObject
            {
                ["iterations"] = template.Iterations,
                ["batchSize"] = template.BatchSize,
                ["learningRate"] = template.LearningRate,
                ["device"] = template.Device == TrainDevice.Gpu ? "cuda" : "cpu",
                ["workers"] = template.Workers,
                ["augmentation"] = template.Augmentation,
                ["allowedExtensions"] = new JsonArray([.. template.AllowedExtensions.Select(e => (JsonNode?)JsonValue.Create(e))]),
            },
            ["markingScheme"] = JsonSerializer.SerializeToNode(scheme, DataSetArchiveFormat.Json),
        };
        return input.ToJsonString();
    }

    private static ApiError Unrunnable(string detail) => ApiError.Conflict($"The training process cannot start: {detail}");
}
