using Docket.Contracts.InferenceProcesses;
using Docket.Events;
using Docket.Server.Features.Agents.Launches;
using Docket.Server.Journal;
using Docket.Server.Storage;
using Docket.Server.Storage.Blobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.InferenceProcesses;

/// <summary>
/// What agents report of inference processes and test runs (<see cref="IAgentLaunchHandler"/>): each step recorded
/// with its code and the process or the test run as its entity, the state moved, and at a test run's end its
/// evaluation and predictions checked and kept. Reports of a process's earlier launch are recorded but move nothing.
/// </summary>
public sealed partial class InferenceLaunchHandler(
    DocketDbContext db, IJournal journal, TimeProvider time, IBlobStore blobs, IOptions<InferenceProcessOptions> options,
    ILogger<InferenceLaunchHandler> logger) : IAgentLaunchHandler
{
    public bool Handles(LaunchKind kind) => kind is LaunchKind.Inference or LaunchKind.TestRun;

    public async Task StepAsync(LaunchContext launch, LaunchStep step, CancellationToken cancellationToken)
    {
        if (launch.Kind == LaunchKind.TestRun)
        {
            await TestRunStepAsync(launch, step, cancellationToken);
            return;
        }

        var process = await ProcessAsync(launch, cancellationToken);
        if (process is null)
        {
            return;
        }

        var current = process.LaunchOperationKey == launch.OperationKey;
        if (current)
        {
            var state = process.State;
            if (step.Code == EventCode.InferenceProcessStartPipeline && state == InferenceProcessState.Starting)
            {
                Move(process, InferenceProcessState.Launching);
            }
            else if (step.Code == EventCode.InferenceProcessStartCompletedSuccess && state is InferenceProcessState.Starting or InferenceProcessState.Launching)
            {
                Move(process, InferenceProcessState.Serving);
                process.LaunchServingAt = time.GetUtcNow().UtcDateTime;
            }
            else if (step.Code == EventCode.InferenceProcessEmergencyShutdown)
            {
                process.LaunchLossReported = true;
                Move(process, process.State);
            }

            if (step.IsError)
            {
                process.LaunchReason = InferenceProcessService.Bounded(step.Text);
                Move(process, process.State);
            }
        }

        journal.Record(step.Code, InferenceProcessService.Describe(process, step.Text));
    }

    /// <summary>Inference and test runs keep no metrics series; a test run's final metrics come with its evaluation.</summary>
    public Task MetricsAsync(LaunchContext launch, LaunchMetrics metrics, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task EndedAsync(LaunchContext launch, LaunchEnd end, CancellationToken cancellationToken)
    {
        if (launch.Kind == LaunchKind.TestRun)
        {
            await TestRunEndedAsync(launch, end, cancellationToken);
            return;
        }

        var process = await ProcessAsync(launch, cancellationToken);
        if (process is null || process.LaunchOperationKey != launch.OperationKey)
        {
            return;
        }

        process.LaunchEndedAt = time.GetUtcNow().UtcDateTime;
        switch (end.Outcome)
        {
            case LaunchOutcome.Failed or LaunchOutcome.TimedOut:
                process.LaunchReason = InferenceProcessService.Bounded(end.Reason);
                Move(process, InferenceProcessState.Failed);
                break;
            case LaunchOutcome.Lost:
                process.LaunchReason = InferenceProcessService.Bounded(end.Reason);
                if (!process.LaunchLossReported)
                {
                    // The server's reconcile found it gone, or the agent's own 18101 never came: the journal says so once.
                    journal.Record(EventCode.InferenceProcessEmergencyShutdown, InferenceProcessService.Describe(process, end.Reason));
                    process.LaunchLossReported = true;
                }

                Move(process, InferenceProcessState.Lost);
                break;
            default:
                // Stopped, or an engine that ended by itself with success: it serves no more either way.
                Move(process, InferenceProcessState.Stopped);
                break;
        }
    }

    private async Task TestRunStepAsync(LaunchContext launch, LaunchStep step, CancellationToken cancellationToken)
    {
        var run = await TestRunAsync(launch, cancellationToken);
        if (run is null)
        {
            return;
        }

        if (!run.HasEnded)
        {
            if (step.Code == EventCode.InferenceProcessStartPipeline && run.State == InferenceTestRunState.Starting)
            {
                run.State = InferenceTestRunState.Running;
            }

            if (step.Code == EventCode.InferenceProcessEmergencyShutdown)
            {
                run.LossReported = true;
            }

            if (step.IsError)
            {
                run.Reason = InferenceProcessService.Bounded(step.Text);
            }

            run.ConcurrencyStamp = Guid.NewGuid();
        }

        journal.Record(step.Code, InferenceTestRunService.Describe(run, step.Text, new { step.Code, agentTime = step.Time }));
    }

    private async Task TestRunEndedAsync(LaunchContext launch, LaunchEnd end, CancellationToken cancellationToken)
    {
        var run = await TestRunAsync(launch, cancellationToken);
        if (run is null || run.HasEnded)
        {
            return;
        }

        run.EndedAt = time.GetUtcNow().UtcDateTime;
        run.ConcurrencyStamp = Guid.NewGuid();
        switch (end.Outcome)
        {
            case LaunchOutcome.Succeeded:
                await KeepResultsAsync(run, end, cancellationToken);
                break;
            case LaunchOutcome.Lost:
                if (!run.LossReported)
                {
                    journal.Record(EventCode.InferenceProcessEmergencyShutdown, InferenceTestRunService.Describe(run, end.Reason));
                    run.LossReported = true;
                }

                Fail(run, end.Reason);
                break;
            case LaunchOutcome.Stopped:
                Fail(run, string.IsNullOrEmpty(end.Reason) ? "stopped" : end.Reason);
                break;
            default:
                Fail(run, end.Reason);
                break;
        }
    }

    /// <summary>
    /// The evaluation, checked, as scores (18900); the predictions, read from their upload with bounds (18920); then
    /// 18940. An evaluation that does not pass fails the run (18960): scores that cannot be trusted are not kept.
    /// </summary>
    private async Task KeepResultsAsync(InferenceTestRun run, LaunchEnd end, CancellationToken cancellationToken)
    {
        if (!TestRunEvaluation.TryRead(end.EvaluationJson, out var evaluation, out var error))
        {
            Fail(run, error);
            return;
        }

        var order = 0;
        foreach (var (name, value) in evaluation.Overall)
        {
            run.Scores.Add(new InferenceTestRunScore { TestRunId = run.Id, Order = order++, Field = null, Name = name, Value = value });
        }

        foreach (var (field, scores) in evaluation.Fields)
        {
            foreach (var (name, value) in scores)
            {
                run.Scores.Add(new InferenceTestRunScore { TestRunId = run.Id, Order = order++, Field = field, Name = name, Value = value });
            }
        }

        journal.Record(EventCode.InferenceTestProcessTransferEvaluationResultSuccess, InferenceTestRunService.Describe(run,
            $"scores of {evaluation.Fields.Count} fields", new { scores = evaluation.Overall, fields = evaluation.Fields.Select(f => new { name = f.Field, f.Scores }) }));

        var text = "completed";
        if (end.Outputs.TryGetValue(LaunchOutputRole.Predictions, out var output) && blobs.OpenRead(output.BlobKey) is { } stream)
        {
            TestRunPredictions.Read read;
            await using (stream)
            {
                read = await TestRunPredictions.ReadAsync(stream, run.Id, options.Value.MaxTestRunPredictions, p => db.InferenceTestRunPredictions.Add(p), cancellationToken);
            }

            run.PredictionsReceived = true;
            run.PredictionCount = read.Kept;
            run.SkippedPredictionLines = read.Skipped;
            if (read.Skipped > 0 || read.Truncated)
            {
                LogPredictionsCut(logger, run.Id, read.Skipped, read.Truncated);
            }

            journal.Record(EventCode.InferenceTestProcessTransferBboxSuccess, InferenceTestRunService.Describe(run,
                $"{read.Kept} predicted values of {read.Lines} pages; {read.Skipped} bad lines skipped{(read.Truncated ? $"; cut at {options.Value.MaxTestRunPredictions} values" : "")}",
                new { pages = read.Lines, values = read.Kept, skippedLines = read.Skipped, read.Truncated }));
        }
        else
        {
            text = end.PredictionCount > 0 ? $"completed; its {end.PredictionCount} predictions did not arrive" : "completed without predictions";
        }

        run.State = InferenceTestRunState.Succeeded;
        journal.Record(EventCode.InferenceTestProcessCompletedSuccess, InferenceTestRunService.Describe(run, text));
    }

    private void Fail(InferenceTestRun run, string reason)
    {
        run.State = InferenceTestRunState.Failed;
        run.Reason = InferenceProcessService.Bounded(string.IsNullOrEmpty(reason) ? run.Reason ?? "failed" : reason);
        journal.Record(EventCode.InferenceTestProcessCompletedError, InferenceTestRunService.Describe(run, run.Reason));
    }

    private void Move(InferenceProcess process, InferenceProcessState state)
    {
        process.State = state;
        process.UpdatedAt = time.GetUtcNow().UtcDateTime;
        process.ConcurrencyStamp = Guid.NewGuid();
    }

    private Task<InferenceProcess?> ProcessAsync(LaunchContext launch, CancellationToken cancellationToken) =>
        db.InferenceProcesses.FirstOrDefaultAsync(p => p.Id == launch.ProcessId && p.TenantId == launch.TenantId, cancellationToken);

    private Task<InferenceTestRun?> TestRunAsync(LaunchContext launch, CancellationToken cancellationToken) =>
        db.InferenceTestRuns.Include(r => r.Scores).FirstOrDefaultAsync(r => r.Id == launch.ProcessId && r.TenantId == launch.TenantId, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Test run {TestRunId}: {Skipped} lines of its predictions were skipped as bad; cut at the bound: {Truncated}")]
    private static partial void LogPredictionsCut(ILogger logger, Guid testRunId, int skipped, bool truncated);
}
