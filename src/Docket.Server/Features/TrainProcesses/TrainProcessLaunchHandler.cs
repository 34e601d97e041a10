using Docket.Contracts.Models;
using Docket.Server.Features.Agents.Launches;
using Docket.Server.Features.Models;
using Docket.Server.Features.TrainProcessTemplates;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.TrainProcesses;

/// <summary>
/// What the agent reports about a training launch, taken by this area (the agents area knows no process area): each
/// step and end through <see cref="TrainProcessTransitions"/>, each metrics line kept as series points, and a
/// succeeded run's model package made a version of the process's model by the models area. Staged only: the caller
/// saves it all with the report's mark in one transaction. A report of a process removed since is dropped.
/// </summary>
public sealed class TrainProcessLaunchHandler(
    DocketDbContext db, TrainProcessTransitions transitions, ModelService models, TrainProcessTemplateQueries templates) : IAgentLaunchHandler
{
    /// <summary>The most values of one metrics line kept as points; the rest still show in its 15900.</summary>
    private const int MaxValuesPerLine = 200;

    public bool Handles(LaunchKind kind) => kind == LaunchKind.Training;

    public async Task StepAsync(LaunchContext launch, LaunchStep step, CancellationToken cancellationToken)
    {
        if (await FindAsync(launch, cancellationToken) is { } process)
        {
            transitions.Step(process, launch, step);
        }
    }

    public async Task MetricsAsync(LaunchContext launch, LaunchMetrics metrics, CancellationToken cancellationToken)
    {
        if (await FindAsync(launch, cancellationToken) is not { } process)
        {
            return;
        }

        foreach (var (name, value) in metrics.Values.Where(v => v.Key.Length is > 0 and <= TrainProcessMetric.MaxNameLength && double.IsFinite(v.Value)).Take(MaxValuesPerLine))
        {
            db.TrainProcessMetrics.Add(new TrainProcessMetric
            {
                ProcessId = process.Id,
                OperationKey = launch.OperationKey,
                Time = metrics.Time,
                Step = metrics.Step,
                Name = name,
                Value = value,
            });
        }

        transitions.Metrics(process, metrics);
    }

    public async Task EndedAsync(LaunchContext launch, LaunchEnd end, CancellationToken cancellationToken)
    {
        if (await FindAsync(launch, cancellationToken) is not { } process)
        {
            return;
        }

        switch (end.Outcome)
        {
            case LaunchOutcome.Succeeded:
                await SucceededAsync(process, launch, end, cancellationToken);
                break;
            case LaunchOutcome.TimedOut:
                transitions.TimedOut(process, launch, end.Time, end.Reason);
                break;
            case LaunchOutcome.Stopped:
                transitions.Stopped(process, launch, end.Time, end.Reason);
                break;
            case LaunchOutcome.Lost:
                transitions.Lost(process, launch, end.Time, end.Reason);
                break;
            default:
                transitions.Failed(process, launch, end.Time, end.Reason);
                break;
        }
    }

    /// <summary>The package becomes the model's next version, with what made it; a run whose package did not arrive, or is refused, failed.</summary>
    private async Task SucceededAsync(TrainProcess process, LaunchContext launch, LaunchEnd end, CancellationToken cancellationToken)
    {
        if (!end.Outputs.TryGetValue(LaunchOutputRole.ModelPackage, out var package))
        {
            transitions.Failed(process, launch, end.Time, "the model package did not arrive");
            return;
        }

        var template = await templates.FindForTenantAsync(process.TenantId, process.TrainProcessTemplateId, cancellationToken);
        var origin = new ModelVersionOrigin
        {
            ModelTemplateId = template?.ModelTemplateId,
            DataSetId = process.DataSetId,
            DataSetVersion = process.DataSetVersion,
            TrainProcessTemplateId = process.TrainProcessTemplateId,
            Metrics = end.Metrics,
            Description = $"Trained by training process '{process.Name}' (operation {launch.OperationKey}).",
        };
        var version = await models.StageTrainedVersionAsync(process.TenantId, process.ModelId, package.BlobKey, package.Size, origin, cancellationToken);
        if (version.Error is not null)
        {
            transitions.Failed(process, launch, end.Time, $"the model package was not kept: {version.Error.Detail}");
            return;
        }

        transitions.Succeeded(process, launch, end.Time, version.Value!.Number);
    }

    private Task<TrainProcess?> FindAsync(LaunchContext launch, CancellationToken cancellationToken) =>
        db.TrainProcesses.FirstOrDefaultAsync(p => p.Id == launch.ProcessId && p.TenantId == launch.TenantId, cancellationToken);
}
