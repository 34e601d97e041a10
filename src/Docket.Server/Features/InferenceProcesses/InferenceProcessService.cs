using Docket.Contracts.Common;
using Docket.Contracts.InferenceProcesses;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Features.Agents;
using Docket.Server.Features.Agents.Launches;
using Docket.Server.Features.InferenceProcessTemplates;
using Docket.Server.Features.Scripts;
using Docket.Server.Features.Tenants;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.InferenceProcesses;

/// <summary>
/// Inference processes of a tenant (200-209): made, changed, removed, enabled and disabled, started and stopped on
/// their agent through <see cref="AgentLaunches"/>. The state moves here on the caller's requests and in
/// <see cref="InferenceLaunchHandler"/> on the agent's reports; each move records its event in the same transaction.
/// </summary>
public sealed class InferenceProcessService(
    DocketDbContext db, IJournal journal, TimeProvider time, TenantQueries tenants, AgentQueries agents, AgentLaunches launches,
    InferenceProcessTemplateQueries templates, ScriptQueries scripts, InferenceLaunchPlanner planner, IOptions<InferenceProcessOptions> options)
{
    private const int MaxPage = 500;

    public async Task<Result<Page<InferenceProcessResponse>>> ListAsync(
        Caller caller, Guid? tenantId, Guid? agentId, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = Paging.Limit(limit, MaxPage, errors);
        var after = Paging.IdCursor(cursor, errors);
        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var query = db.InferenceProcesses.AsNoTracking();
        if (caller.ListScope(tenantId) is { } scope)
        {
            query = query.Where(p => p.TenantId == scope);
        }

        if (agentId is { } agent)
        {
            query = query.Where(p => p.AgentId == agent);
        }

        if (after is { } a)
        {
            // Ids are UUIDv7: ordering by id is ordering by creation.
            query = query.Where(p => p.Id.CompareTo(a) > 0);
        }

        var items = await query.OrderBy(p => p.Id).Take(take!.Value + 1).ToListAsync(cancellationToken);
        var next = items.Count > take ? items[take.Value - 1].Id.ToString() : null;
        var page = items.Take(take.Value).ToList();
        var states = await agents.FindManyAsync([.. page.Select(p => p.AgentId).Distinct()], cancellationToken);
        return new Page<InferenceProcessResponse>([.. page.Select(p => InferenceProcessResponse.From(p, states.GetValueOrDefault(p.AgentId)?.State))], next);
    }

    public async Task<Result<InferenceProcessResponse>> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var process = await FindAsync(caller, id, cancellationToken);
        return process is null ? NotFound : await ResponseAsync(process, cancellationToken);
    }

    public async Task<Result<InferenceProcessResponse>> CreateAsync(Caller caller, InferenceProcessRequest request, CancellationToken cancellationToken)
    {
        var tenantId = caller.TenantFor(request.TenantId);
        var now = time.GetUtcNow().UtcDateTime;
        var process = new InferenceProcess
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            TenantId = tenantId,
            Name = string.Empty,
            NormalizedName = string.Empty,
            AgentId = request.AgentId,
            TemplateId = request.TemplateId,
            ScriptId = request.ScriptId,
            State = InferenceProcessState.Stopped,
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = caller.UserId,
        };
        var error = await ApplyAsync(process, request, isNew: true, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        db.InferenceProcesses.Add(process);
        journal.Record(EventCode.InferenceProcessCreated, Describe(process));
        return await SaveAsync(process, cancellationToken);
    }

    public async Task<Result<InferenceProcessResponse>> UpdateAsync(
        Caller caller, Guid id, InferenceProcessRequest request, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var process = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (process is null)
        {
            return NotFound;
        }

        if (!ifMatch(process.ConcurrencyStamp))
        {
            return ApiError.PreconditionFailed();
        }

        // What a running launch was made of cannot change under it; its name and description can.
        if (process.IsRunning && (request.AgentId != process.AgentId || request.TemplateId != process.TemplateId || request.ScriptId != process.ScriptId))
        {
            return ApiError.Conflict("The inference process is running; stop it before changing its agent, template or script.");
        }

        var error = await ApplyAsync(process, request, isNew: false, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        // The catalog has no event for a changed process (200-209 name its life, not its edits).
        Touch(process);
        return await SaveAsync(process, cancellationToken);
    }

    public async Task<ApiError?> DeleteAsync(Caller caller, Guid id, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var process = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (process is null)
        {
            return NotFound;
        }

        if (!ifMatch(process.ConcurrencyStamp))
        {
            return ApiError.PreconditionFailed();
        }

        if (process.IsRunning)
        {
            return ApiError.Conflict("The inference process is running; stop it first.");
        }

        if (await db.InferenceTestRuns.AnyAsync(r => r.ProcessId == id && (r.State == InferenceTestRunState.Starting || r.State == InferenceTestRunState.Running), cancellationToken))
        {
            return ApiError.Conflict("A test run of the inference process is running; wait for it to end.");
        }

        db.InferenceProcesses.Remove(process);
        journal.Record(EventCode.InferenceProcessRemoved, Describe(process));
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>Enables or disables the process (203, 202); a running one is not disabled, since a disabled process cannot be stopped.</summary>
    public async Task<Result<InferenceProcessResponse>> SetEnabledAsync(Caller caller, Guid id, bool enabled, CancellationToken cancellationToken)
    {
        var process = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (process is null)
        {
            return NotFound;
        }

        if (process.IsEnabled == enabled)
        {
            return await ResponseAsync(process, cancellationToken);
        }

        if (!enabled && process.IsRunning)
        {
            return ApiError.Conflict("The inference process is running; stop it before disabling it.");
        }

        process.IsEnabled = enabled;
        Touch(process);
        journal.Record(enabled ? EventCode.InferenceProcessEnabled : EventCode.InferenceProcessDisabled, Describe(process));
        await db.SaveChangesAsync(cancellationToken);
        return await ResponseAsync(process, cancellationToken);
    }

    /// <summary>
    /// Starts the process on its agent: 204 and 206 with the state, saved with the launch and sent; a refusal records
    /// 208 with the reason (409 when the launch cannot be made or the agent is unreachable, 502 when the agent says no).
    /// An answer that does not come in time leaves it Starting: the agent's reports, or the reconcile, settle it.
    /// </summary>
    public async Task<Result<InferenceProcessResponse>> StartAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var process = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (process is null)
        {
            return NotFound;
        }

        if (!process.IsEnabled)
        {
            return ApiError.Conflict("The inference process is disabled; enable it first.");
        }

        if (process.IsRunning)
        {
            return ApiError.Conflict($"The inference process is {process.State}; stop it first.");
        }

        var plan = await planner.PlanAsync(process, LaunchScripts.Inference, cancellationToken);
        var staged = plan.Error is null
            ? await launches.StageAsync(
                new LaunchRequest(process.AgentId, process.TenantId, LaunchKind.Inference, process.Id, plan.Value!.Files, plan.Value.EngineInputJson,
                    options.Value.ReadyTimeout), cancellationToken)
            : plan.Error;
        if (staged.Error is not null)
        {
            var error = staged.Error.Status == StatusCodes.Status404NotFound ? AgentRemoved : staged.Error;
            await journal.RecordNowAsync(EventCode.InferenceProcessStartingError, Describe(process, error.Detail), cancellationToken);
            return error;
        }

        var now = time.GetUtcNow().UtcDateTime;
        process.State = InferenceProcessState.Starting;
        process.LaunchOperationKey = staged.Value!.Launch.OperationKey;
        process.LaunchRequestedAt = now;
        process.LaunchServingAt = null;
        process.LaunchEndedAt = null;
        process.LaunchReason = null;
        process.LaunchModelVersionId = plan.Value!.ModelVersionId;
        process.LaunchModelVersion = plan.Value.ModelVersion;
        process.LaunchLossReported = false;
        Touch(process);
        journal.Record(EventCode.InferenceProcessStarted, Describe(process));
        journal.Record(EventCode.InferenceProcessSentToLaunch, Describe(process));
        var answer = await launches.SendAsync(staged.Value, cancellationToken);
        if (answer.Kind != LaunchAnswerKind.Refused)
        {
            return await ResponseAsync(process, cancellationToken);
        }

        var reason = answer.Reason ?? "the agent refused the start";
        process.State = InferenceProcessState.Failed;
        process.LaunchEndedAt = time.GetUtcNow().UtcDateTime;
        process.LaunchReason = Bounded(reason);
        Touch(process);
        journal.Record(EventCode.InferenceProcessStartingError, Describe(process, reason));
        await db.SaveChangesAsync(cancellationToken);
        return AgentRefused($"The agent refused to start the inference process: {reason}");
    }

    /// <summary>
    /// Stops the process: 205 with the state Stopping, then the agent is asked; 207 when it took the stop (the end
    /// follows as a report), 209 with the reason when it cannot be asked (409) or did not answer (502). An agent that
    /// does not run it any more, or a process with no open launch, is Stopped at once.
    /// </summary>
    public async Task<Result<InferenceProcessResponse>> StopAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var process = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (process is null)
        {
            return NotFound;
        }

        if (!process.IsEnabled)
        {
            return ApiError.Conflict("The inference process is disabled; enable it first.");
        }

        if (!process.IsRunning)
        {
            return ApiError.Conflict($"The inference process is {process.State}, not running.");
        }

        var before = process.State;
        process.State = InferenceProcessState.Stopping;
        Touch(process);
        journal.Record(EventCode.InferenceProcessStoped, Describe(process));
        var stopped = await launches.StopAsync(process.Id, cancellationToken);
        if (stopped.Error is { Status: StatusCodes.Status404NotFound })
        {
            // No launch is open: it ended already (its end was taken, or never came); nothing runs to stop.
            EndStopped(process);
            journal.Record(EventCode.InferenceProcessSentToStop, Describe(process, "no launch of the process was open"));
            await db.SaveChangesAsync(cancellationToken);
            return await ResponseAsync(process, cancellationToken);
        }

        if (stopped.Error is not null)
        {
            // The stop never left: the process runs on as it did.
            process.State = before;
            Touch(process);
            journal.Record(EventCode.InferenceProcessStoppingError, Describe(process, stopped.Error.Detail));
            await db.SaveChangesAsync(cancellationToken);
            return stopped.Error;
        }

        switch (stopped.Value!.Kind)
        {
            case LaunchAnswerKind.Accepted:
                journal.Record(EventCode.InferenceProcessSentToStop, Describe(process));
                await db.SaveChangesAsync(cancellationToken);
                return await ResponseAsync(process, cancellationToken);
            case LaunchAnswerKind.Refused:
                EndStopped(process);
                journal.Record(EventCode.InferenceProcessSentToStop, Describe(process, stopped.Value.Reason ?? "the agent does not run it"));
                await db.SaveChangesAsync(cancellationToken);
                return await ResponseAsync(process, cancellationToken);
            default:
                journal.Record(EventCode.InferenceProcessStoppingError, Describe(process, "the agent did not answer the stop in time"));
                await db.SaveChangesAsync(cancellationToken);
                return AgentRefused("The agent did not answer the stop in time; it stays queued until it expires. Stop again to retry.");
        }
    }

    /// <summary>The process, if the caller may see it; another tenant's is reported missing, not forbidden.</summary>
    internal async Task<InferenceProcess?> FindAsync(Caller caller, Guid id, CancellationToken cancellationToken, bool tracked = false)
    {
        var query = tracked ? db.InferenceProcesses : db.InferenceProcesses.AsNoTracking();
        var process = await query.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return process is not null && caller.CanAccess(process.TenantId) ? process : null;
    }

    internal static ApiError NotFound => ApiError.NotFound("The inference process");

    /// <summary>The agents area answers 404 for an agent that is gone; to the caller of a process that is a conflict of the process.</summary>
    internal static ApiError AgentRemoved => ApiError.Conflict("The process's agent was removed; name another.");

    /// <summary>The agent's no, or its silence: the gateway's fault, not the caller's.</summary>
    internal static ApiError AgentRefused(string detail) => new(StatusCodes.Status502BadGateway, "Bad gateway", detail);

    internal static string Bounded(string reason) => reason.Length <= 4000 ? reason : reason[..4000];

    private void EndStopped(InferenceProcess process)
    {
        process.State = InferenceProcessState.Stopped;
        process.LaunchEndedAt = time.GetUtcNow().UtcDateTime;
        Touch(process);
    }

    private void Touch(InferenceProcess process)
    {
        process.UpdatedAt = time.GetUtcNow().UtcDateTime;
        process.ConcurrencyStamp = Guid.NewGuid();
    }

    private async Task<InferenceProcessResponse> ResponseAsync(InferenceProcess process, CancellationToken cancellationToken) =>
        InferenceProcessResponse.From(process, (await agents.FindAsync(process.AgentId, process.TenantId, cancellationToken))?.State);

    /// <summary>Checks the request and, when all is well, sets it on the process; the problem otherwise, with the process untouched.</summary>
    private async Task<ApiError?> ApplyAsync(InferenceProcess process, InferenceProcessRequest request, bool isNew, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = TextRules.Name(request.Name, "name", 200, errors);
        var description = TextRules.OptionalText(request.Description, "description", 4000, errors);
        if (!isNew && request.TenantId is { } moved && moved != process.TenantId)
        {
            errors["tenantId"] = ["an inference process cannot move to another tenant."];
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        if (isNew && !await tenants.ExistsAsync(process.TenantId, cancellationToken))
        {
            return ApiError.Invalid("tenantId", "names no tenant.");
        }

        if (await agents.FindAsync(request.AgentId, process.TenantId, cancellationToken) is null)
        {
            return ApiError.Invalid("agentId", "names no agent of the tenant.");
        }

        if (await templates.FindForTenantAsync(process.TenantId, request.TemplateId, cancellationToken) is null)
        {
            return ApiError.Invalid("templateId", "names no inference template of the tenant.");
        }

        var held = await scripts.LaunchScriptsForTenantAsync(process.TenantId, request.ScriptId, cancellationToken);
        if (held is null)
        {
            return ApiError.Invalid("scriptId", "names no script of the tenant with a package.");
        }

        if (!held.Contains(LaunchScripts.Inference))
        {
            return ApiError.Invalid("scriptId", $"the script's package holds no {LaunchScripts.Inference} at its root.");
        }

        var normalized = TextRules.Normalize(name!);
        if (normalized != process.NormalizedName && await NameTakenAsync(process.TenantId, normalized, process.Id, cancellationToken))
        {
            return NameConflict(name!);
        }

        process.Name = name!;
        process.NormalizedName = normalized;
        process.Description = description;
        process.AgentId = request.AgentId;
        process.TemplateId = request.TemplateId;
        process.ScriptId = request.ScriptId;
        return null;
    }

    private async Task<Result<InferenceProcessResponse>> SaveAsync(InferenceProcess process, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two requests raced for the same name and the unique index let one through.
            if (await NameTakenAsync(process.TenantId, process.NormalizedName, process.Id, cancellationToken))
            {
                return NameConflict(process.Name);
            }

            throw;
        }

        return await ResponseAsync(process, cancellationToken);
    }

    private Task<bool> NameTakenAsync(Guid tenantId, string normalized, Guid except, CancellationToken cancellationToken) =>
        db.InferenceProcesses.AsNoTracking().AnyAsync(p => p.TenantId == tenantId && p.NormalizedName == normalized && p.Id != except, cancellationToken);

    private static ApiError NameConflict(string name) => ApiError.Conflict($"An inference process named '{name}' already exists.");

    internal static JournalEvent Describe(InferenceProcess process, string? text = null) => new()
    {
        TenantId = process.TenantId,
        EntityKind = nameof(InferenceProcess),
        EntityId = process.Id.ToString(),
        Text = text is null ? process.Name : $"{process.Name}: {text}",
        Data = InferenceProcessResponse.From(process, null),
    };
}
