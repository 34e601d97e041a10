using Docket.Contracts.Common;
using Docket.Contracts.InferenceProcesses;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Features.Agents;
using Docket.Server.Features.Agents.Launches;
using Docket.Server.Features.Agents.Transfers;
using Docket.Server.Features.DataSets;
using Docket.Server.Features.Scripts;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.InferenceProcesses;

/// <summary>
/// Test runs of an inference process: its model scored over a test dataset's version on the process's agent, as a
/// launch of its own (kind test run, the run's own id and the request's operation key), and what they kept: the
/// scores per field and the predicted values, read back per page.
/// </summary>
public sealed class InferenceTestRunService(
    DocketDbContext db, IJournal journal, TimeProvider time, InferenceProcessService processes, AgentQueries agents, AgentLaunches launches,
    DataSetQueries dataSets, InferenceLaunchPlanner planner, IOptions<InferenceProcessOptions> options)
{
    private const int MaxPage = 500;

    /// <summary>
    /// Launches a test run: 409 when the process is disabled, its agent is not connected, or the dataset version has
    /// no built archive; 502 (with 18960) when the agent refuses it. The run's events follow as the agent reports.
    /// </summary>
    public async Task<Result<InferenceTestRunResponse>> StartAsync(Caller caller, Guid processId, InferenceTestRunRequest request, CancellationToken cancellationToken)
    {
        var process = await processes.FindAsync(caller, processId, cancellationToken);
        if (process is null)
        {
            return InferenceProcessService.NotFound;
        }

        if (request.Version < 1)
        {
            return ApiError.Invalid("version", "must be 1 or more.");
        }

        if (!process.IsEnabled)
        {
            return ApiError.Conflict("The inference process is disabled; enable it first.");
        }

        // Asked first, so a run on an agent that cannot take it is refused before the dataset and the model are looked up.
        if (await agents.FindAsync(process.AgentId, process.TenantId, cancellationToken) is not { } agent)
        {
            return InferenceProcessService.AgentRemoved;
        }

        if (agent.State is Contracts.Agents.AgentState.Disconnected or Contracts.Agents.AgentState.Unknown)
        {
            return ApiError.Conflict($"The process's agent is {agent.State}; a test run needs it connected.");
        }

        var versionId = await dataSets.FindVersionIdAsync(process.TenantId, request.DataSetId, request.Version, cancellationToken);
        if (versionId is null)
        {
            return ApiError.Invalid("dataSetId", $"names no dataset of the tenant with a version {request.Version}.");
        }

        var archive = await dataSets.BuiltArchiveAsync(process.TenantId, versionId.Value, cancellationToken);
        if (archive is null)
        {
            return ApiError.Conflict($"Version {request.Version} of the dataset has no built archive; build it first.");
        }

        var plan = await planner.PlanAsync(process, LaunchScripts.Evaluation, cancellationToken);
        if (plan.Error is not null)
        {
            return plan.Error;
        }

        var run = new InferenceTestRun
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            TenantId = process.TenantId,
            ProcessId = process.Id,
            DataSetId = request.DataSetId,
            DataSetVersion = request.Version,
            ModelVersionId = plan.Value!.ModelVersionId,
            ModelVersion = plan.Value.ModelVersion,
            OperationKey = "",
            State = InferenceTestRunState.Starting,
            CreatedAt = time.GetUtcNow().UtcDateTime,
            CreatedBy = caller.UserId,
        };
        LaunchFile[] files = [.. plan.Value.Files, new(LaunchFileRole.TestDataSet, new AgentFile(archive.BlobKey, archive.Size, archive.DownloadName))];
        var staged = await launches.StageAsync(
            new LaunchRequest(process.AgentId, process.TenantId, LaunchKind.TestRun, run.Id, files, plan.Value.EngineInputJson, options.Value.TestRunTimeLimit),
            cancellationToken);
        if (staged.Error is not null)
        {
            return staged.Error.Status == StatusCodes.Status404NotFound ? InferenceProcessService.AgentRemoved : staged.Error;
        }

        run.OperationKey = staged.Value!.Launch.OperationKey;
        db.InferenceTestRuns.Add(run);
        var answer = await launches.SendAsync(staged.Value, cancellationToken);
        if (answer.Kind != LaunchAnswerKind.Refused)
        {
            return InferenceTestRunResponse.From(run);
        }

        var reason = answer.Reason ?? "the agent refused the test run";
        run.State = InferenceTestRunState.Failed;
        run.Reason = InferenceProcessService.Bounded(reason);
        run.EndedAt = time.GetUtcNow().UtcDateTime;
        run.ConcurrencyStamp = Guid.NewGuid();
        journal.Record(EventCode.InferenceTestProcessCompletedError, Describe(run, reason));
        await db.SaveChangesAsync(cancellationToken);
        return InferenceProcessService.AgentRefused($"The agent refused the test run: {reason}");
    }

    public async Task<Result<Page<InferenceTestRunResponse>>> ListAsync(Caller caller, Guid processId, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = Paging.Limit(limit, MaxPage, errors);
        var after = Paging.IdCursor(cursor, errors);
        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        if (await processes.FindAsync(caller, processId, cancellationToken) is null)
        {
            return InferenceProcessService.NotFound;
        }

        var query = db.InferenceTestRuns.AsNoTracking().Include(r => r.Scores).Where(r => r.ProcessId == processId);
        if (after is { } a)
        {
            query = query.Where(r => r.Id.CompareTo(a) > 0);
        }

        var items = await query.OrderBy(r => r.Id).Take(take!.Value + 1).AsSplitQuery().ToListAsync(cancellationToken);
        var next = items.Count > take ? items[take.Value - 1].Id.ToString() : null;
        return new Page<InferenceTestRunResponse>([.. items.Take(take.Value).Select(InferenceTestRunResponse.From)], next);
    }

    public async Task<Result<InferenceTestRunResponse>> GetAsync(Caller caller, Guid processId, Guid runId, CancellationToken cancellationToken)
    {
        var run = await FindAsync(caller, processId, runId, cancellationToken);
        return run is null ? TestRunNotFound : InferenceTestRunResponse.From(run);
    }

    /// <summary>A page of the run's predicted values in the order of its predictions file, of one field when <paramref name="field"/> names it.</summary>
    public async Task<Result<Page<InferenceTestRunPredictionResponse>>> PredictionsAsync(
        Caller caller, Guid processId, Guid runId, string? field, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = Paging.Limit(limit, MaxPage, errors);
        int? after = null;
        if (cursor is not null)
        {
            if (int.TryParse(cursor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence))
            {
                after = sequence;
            }
            else
            {
                errors["cursor"] = [Paging.NotACursor];
            }
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        if (await FindAsync(caller, processId, runId, cancellationToken) is null)
        {
            return TestRunNotFound;
        }

        var query = db.InferenceTestRunPredictions.AsNoTracking().Where(p => p.TestRunId == runId);
        if (!string.IsNullOrEmpty(field))
        {
            query = query.Where(p => p.Field == field);
        }

        if (after is { } a)
        {
            query = query.Where(p => p.Sequence > a);
        }

        var items = await query.OrderBy(p => p.Sequence).Take(take!.Value + 1).ToListAsync(cancellationToken);
        var next = items.Count > take ? items[take.Value - 1].Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return new Page<InferenceTestRunPredictionResponse>([.. items.Take(take.Value).Select(InferenceTestRunPredictionResponse.From)], next);
    }

    private async Task<InferenceTestRun?> FindAsync(Caller caller, Guid processId, Guid runId, CancellationToken cancellationToken) =>
        await processes.FindAsync(caller, processId, cancellationToken) is null
            ? null
            : await db.InferenceTestRuns.AsNoTracking().Include(r => r.Scores).FirstOrDefaultAsync(r => r.Id == runId && r.ProcessId == processId, cancellationToken);

    private static ApiError TestRunNotFound => ApiError.NotFound("The test run");

    internal static JournalEvent Describe(InferenceTestRun run, string? text = null, object? data = null) => new()
    {
        TenantId = run.TenantId,
        EntityKind = nameof(InferenceTestRun),
        EntityId = run.Id.ToString(),
        Text = text ?? $"test run over version {run.DataSetVersion} of the dataset",
        Data = data ?? InferenceTestRunResponse.From(run),
    };
}
