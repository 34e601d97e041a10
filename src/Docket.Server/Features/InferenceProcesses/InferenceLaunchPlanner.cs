using Docket.Server.Common;
using Docket.Server.Features.Agents.Launches;
using Docket.Server.Features.Agents.Transfers;
using Docket.Server.Features.InferenceProcessTemplates;
using Docket.Server.Features.MarkingSchemes;
using Docket.Server.Features.Models;
using Docket.Server.Features.Scripts;

namespace Docket.Server.Features.InferenceProcesses;

/// <summary>
/// Resolves what a launch of a process takes, at the moment of the launch, through the other areas' queries: the
/// template, the model version it names (a tag is followed to where it points now), the scheme it fills in, and the
/// script, which must hold the kind's launch script. Anything that went missing since the process was saved is a 409
/// that says what.
/// </summary>
public sealed class InferenceLaunchPlanner(
    InferenceProcessTemplateQueries templates, ModelQueries models, MarkingSchemeQueries schemes, ScriptQueries scripts)
{
    public async Task<Result<InferenceLaunchPlan>> PlanAsync(InferenceProcess process, string launchScript, CancellationToken cancellationToken)
    {
        var template = await templates.FindForTenantAsync(process.TenantId, process.TemplateId, cancellationToken);
        if (template is null)
        {
            return ApiError.Conflict("The process's inference template was removed; name another.");
        }

        var model = await models.FindForTenantAsync(process.TenantId, template.ModelId, cancellationToken);
        var version = template.ModelVersion is { } number
            ? await models.FindNumberedAsync(process.TenantId, template.ModelId, number, cancellationToken)
            : await models.FindTaggedAsync(process.TenantId, template.ModelId, template.ModelTag!, cancellationToken);
        if (model is null || version is null)
        {
            return ApiError.Conflict(template.ModelVersion is { } pinned
                ? $"The template's model has no version {pinned} any more."
                : $"The template's tag '{template.ModelTag}' names no version of its model any more.");
        }

        var scheme = (await schemes.WithFieldsAsync([template.MarkingSchemeId], cancellationToken)).GetValueOrDefault(template.MarkingSchemeId);
        if (scheme is null)
        {
            return ApiError.Conflict("The template's marking scheme was removed.");
        }

        var held = await scripts.LaunchScriptsForTenantAsync(process.TenantId, process.ScriptId, cancellationToken);
        var package = held is not null && held.Contains(launchScript)
            ? await scripts.PackageForTenantAsync(process.TenantId, process.ScriptId, cancellationToken)
            : null;
        if (package is null)
        {
            return ApiError.Conflict($"The process's script has no package holding {launchScript}; upload one or name another script.");
        }

        LaunchFile[] files =
        [
            new(LaunchFileRole.Script, new AgentFile(package.BlobKey, package.Size, package.DownloadName)),
            new(LaunchFileRole.Model, new AgentFile(version.PackageBlob, version.PackageSize, $"{DownloadNames.Of(model.Name, "model")}-v{version.Number}.zip")),
        ];
        return new InferenceLaunchPlan(files, InferenceEngineInputs.For(template, scheme), version.Id, version.Number);
    }
}
