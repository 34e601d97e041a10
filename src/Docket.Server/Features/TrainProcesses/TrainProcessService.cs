using Docket.Contracts.Common;
using Docket.Contracts.TrainProcesses;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Features.Agents;
using Docket.Server.Features.DataSets;
using Docket.Server.Features.Models;
using Docket.Server.Features.Scripts;
using Docket.Server.Features.Tenants;
using Docket.Server.Features.TrainProcessTemplates;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.TrainProcesses;

/// <summary>
/// Training processes of a tenant (15000-15003): what a process runs and where, checked through the owning areas'
/// queries, and whether it may be started. The catalog has no code for a changed process, so an update records no
/// event; it is refused while a run is under way, as is a removal. Starting and stopping are
/// <see cref="TrainProcessRuns"/>'.
/// </summary>
public sealed class TrainProcessService(
    DocketDbContext db,
    IJournal journal,
    TimeProvider time,
    TenantQueries tenants,
    AgentQueries agents,
    TrainProcessTemplateQueries templates,
    ScriptQueries scripts,
    DataSetQueries dataSets,
    ModelQueries models)
{
    private const int MaxPage = 500;
    private const int DefaultMetricPoints = 1000;
    private const int MaxMetricPoints = 10_000;

    public async Task<Result<Page<TrainProcessResponse>>> ListAsync(
        Caller caller, Guid? tenantId, Guid? agentId, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = Paging.Limit(limit, MaxPage, errors);
        var after = Paging.IdCursor(cursor, errors);
        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var query = db.TrainProcesses.AsNoTracking();
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
        var found = await agents.FindManyAsync([.. page.Select(p => p.AgentId).Distinct()], cancellationToken);
        return new Page<TrainProcessResponse>([.. page.Select(p => TrainProcessResponse.From(p, AgentOf(p, found)))], next);
    }

    public async Task<Result<TrainProcessResponse>> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var process = await FindAsync(caller, id, cancellationToken);
        return process is null ? NotFound : await RespondAsync(process, cancellationToken);
    }

    public async Task<Result<TrainProcessResponse>> CreateAsync(Caller caller, TrainProcessRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var process = new TrainProcess
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            TenantId = caller.TenantFor(request.TenantId),
            Name = string.Empty,
            NormalizedName = string.Empty,
            AgentId = request.AgentId,
            TrainProcessTemplateId = request.TrainProcessTemplateId,
            ScriptId = request.ScriptId,
            DataSetId = request.DataSetId,
            DataSetVersion = request.DataSetVersion,
            ModelId = request.ModelId,
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = caller.UserId,
        };
        var error = await ApplyAsync(process, request, isNew: true, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        db.TrainProcesses.Add(process);
        var response = await RespondAsync(process, cancellationToken);
        journal.Record(EventCode.TrainProcessCreated, Describe(process, response));
        return await SaveAsync(process, response, cancellationToken);
    }

    /// <summary>Replaces what the process runs. The catalog has no event for it, so none is recorded.</summary>
    public async Task<Result<TrainProcessResponse>> UpdateAsync(
        Caller caller, Guid id, TrainProcessRequest request, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var found = await ChangeableAsync(caller, id, ifMatch, "changed", cancellationToken);
        if (found.Error is not null)
        {
            return found.Error;
        }

        var process = found.Value!;
        var error = await ApplyAsync(process, request, isNew: false, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        process.UpdatedAt = time.GetUtcNow().UtcDateTime;
        process.ConcurrencyStamp = Guid.NewGuid();
        return await SaveAsync(process, await RespondAsync(process, cancellationToken), cancellationToken);
    }

    public async Task<ApiError?> DeleteAsync(Caller caller, Guid id, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var found = await ChangeableAsync(caller, id, ifMatch, "removed", cancellationToken);
        if (found.Error is not null)
        {
            return found.Error;
        }

        // Its metrics go with it (ON DELETE CASCADE).
        var process = found.Value!;
        db.TrainProcesses.Remove(process);
        journal.Record(EventCode.TrainProcessRemoved, Describe(process, await RespondAsync(process, cancellationToken)));
        return (await SaveAsync(process, 0, cancellationToken)).Error;
    }

    /// <summary>Enables (15003) or disables (15002) the process; setting what it already is changes nothing.</summary>
    public async Task<Result<TrainProcessResponse>> SetEnabledAsync(Caller caller, Guid id, bool enabled, CancellationToken cancellationToken)
    {
        var process = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (process is null)
        {
            return NotFound;
        }

        if (process.IsEnabled == enabled)
        {
            return await RespondAsync(process, cancellationToken);
        }

        process.IsEnabled = enabled;
        process.UpdatedAt = time.GetUtcNow().UtcDateTime;
        process.ConcurrencyStamp = Guid.NewGuid();
        var response = await RespondAsync(process, cancellationToken);
        journal.Record(enabled ? EventCode.TrainProcessEnabled : EventCode.TrainProcessDisabled, Describe(process, response));
        return await SaveAsync(process, response, cancellationToken);
    }

    /// <summary>
    /// A page of a run's metrics as series: the run of <paramref name="operationKey"/>, else the last one, at most
    /// <paramref name="limit"/> points in the order they came, after <paramref name="cursor"/>.
    /// </summary>
    public async Task<Result<TrainProcessMetricsResponse>> MetricsAsync(
        Caller caller, Guid id, string? operationKey, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = limit ?? DefaultMetricPoints;
        if (take is < 1 or > MaxMetricPoints)
        {
            errors["limit"] = [$"must be from 1 to {MaxMetricPoints}."];
        }

        long after = 0;
        if (cursor is not null && (!long.TryParse(cursor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out after) || after < 0))
        {
            errors["cursor"] = ["is not a cursor this list gave."];
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var process = await FindAsync(caller, id, cancellationToken);
        if (process is null)
        {
            return NotFound;
        }

        var key = string.IsNullOrEmpty(operationKey) ? process.LastOperationKey : operationKey;
        if (key is null)
        {
            return new TrainProcessMetricsResponse(null, [], null);
        }

        var points = await db.TrainProcessMetrics.AsNoTracking()
            .Where(m => m.ProcessId == id && m.OperationKey == key && m.Id > after)
            .OrderBy(m => m.Id)
            .Take(take + 1)
            .ToListAsync(cancellationToken);
        var next = points.Count > take ? points[take - 1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        var series = points.Take(take)
            .GroupBy(m => m.Name, StringComparer.Ordinal)
            .Select(g => new TrainProcessMetricSeries(g.Key, [.. g.Select(m => new TrainProcessMetricPoint(m.Step, m.Time, m.Value))]))
            .ToList();
        return new TrainProcessMetricsResponse(key, series, next);
    }

    /// <summary>Checks the request and, when all is well, sets it on the process; the problem otherwise, with the process untouched.</summary>
    private async Task<ApiError?> ApplyAsync(TrainProcess process, TrainProcessRequest request, bool isNew, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = TextRules.Name(request.Name, "name", 200, errors);
        var description = TextRules.OptionalText(request.Description, "description", 4000, errors);
        if (request.DataSetVersion < 1)
        {
            errors["dataSetVersion"] = ["is a version number, 1 or more."];
        }

        if ((request.TestDataSetId is null) != (request.TestDataSetVersion is null))
        {
            errors["testDataSetVersion"] = ["testDataSetId and testDataSetVersion name a test dataset version together: give both or neither."];
        }
        else if (request.TestDataSetVersion < 1)
        {
            errors["testDataSetVersion"] = ["is a version number, 1 or more."];
        }

        if (request.ModelVersion < 1)
        {
            errors["modelVersion"] = ["is a version number, 1 or more."];
        }

        if (!isNew && request.TenantId is { } moved && moved != process.TenantId)
        {
            errors["tenantId"] = ["a training process cannot move to another tenant."];
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var tenantId = process.TenantId;
        if (isNew && !await tenants.ExistsAsync(tenantId, cancellationToken))
        {
            return ApiError.Invalid("tenantId", "names no tenant.");
        }

        if (await agents.FindAsync(request.AgentId, tenantId, cancellationToken) is null)
        {
            return ApiError.Invalid("agentId", "names no agent of the tenant.");
        }

        var template = await templates.FindForTenantAsync(tenantId, request.TrainProcessTemplateId, cancellationToken);
        if (template is null)
        {
            return ApiError.Invalid("trainProcessTemplateId", "names no training template of the tenant.");
        }

        if (TrainProcessFiles.ScriptRefusal(await scripts.LaunchScriptsForTenantAsync(tenantId, request.ScriptId, cancellationToken)) is { } script)
        {
            return ApiError.Invalid("scriptId", script);
        }

        if (await dataSets.FindVersionIdAsync(tenantId, request.DataSetId, request.DataSetVersion, cancellationToken) is null)
        {
            return ApiError.Invalid("dataSetVersion", "names no version of a dataset of the tenant.");
        }

        if (request.TestDataSetId is { } testId && await dataSets.FindVersionIdAsync(tenantId, testId, request.TestDataSetVersion!.Value, cancellationToken) is null)
        {
            return ApiError.Invalid("testDataSetVersion", "names no version of a dataset of the tenant.");
        }

        var model = await models.FindForTenantAsync(tenantId, request.ModelId, cancellationToken);
        if (model is null)
        {
            return ApiError.Invalid("modelId", "names no model of the tenant.");
        }

        if (model.ModelTypeId != template.ModelTypeId)
        {
            return ApiError.Invalid("modelId", "is a model of another model type than the training template's; a run adds a version of the template's type.");
        }

        if (request.ModelVersion is { } number && await models.FindNumberedAsync(tenantId, model.Id, number, cancellationToken) is null)
        {
            return ApiError.Invalid("modelVersion", $"the model has no version {number}.");
        }

        var normalized = TextRules.Normalize(name!);
        if (normalized != process.NormalizedName && await NameTakenAsync(tenantId, normalized, process.Id, cancellationToken))
        {
            return NameConflict(name!);
        }

        process.Name = name!;
        process.NormalizedName = normalized;
        process.Description = description;
        process.AgentId = request.AgentId;
        process.TrainProcessTemplateId = request.TrainProcessTemplateId;
        process.ScriptId = request.ScriptId;
        process.DataSetId = request.DataSetId;
        process.DataSetVersion = request.DataSetVersion;
        process.TestDataSetId = request.TestDataSetId;
        process.TestDataSetVersion = request.TestDataSetVersion;
        process.ModelId = request.ModelId;
        process.ModelVersion = request.ModelVersion;
        return null;
    }

    /// <summary>The process, tracked, if the caller may change it now: its ETag matches and no run is under way.</summary>
    private async Task<Result<TrainProcess>> ChangeableAsync(Caller caller, Guid id, Func<Guid, bool> ifMatch, string change, CancellationToken cancellationToken)
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

        return TrainProcessTransitions.IsActive(process.State)
            ? ApiError.Conflict($"The training process is {process.State.ToString().ToLowerInvariant()}; it cannot be {change} until its run ends (stop it first).")
            : process;
    }

    private async Task<Result<T>> SaveAsync<T>(TrainProcess process, T response, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return response;
        }
        catch (DbUpdateConcurrencyException)
        {
            // A run's report (a step, an end) changed the process while this request ran: nothing of this one was kept.
            return ApiError.Conflict("The training process was changed at the same moment; nothing was changed. Try again.");
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
    }

    private async Task<TrainProcessResponse> RespondAsync(TrainProcess process, CancellationToken cancellationToken) =>
        TrainProcessResponse.From(process, await agents.FindAsync(process.AgentId, process.TenantId, cancellationToken));

    private static AgentSummary? AgentOf(TrainProcess process, IReadOnlyDictionary<Guid, AgentSummary> found) =>
        found.TryGetValue(process.AgentId, out var agent) ? agent : null;

    private Task<bool> NameTakenAsync(Guid tenantId, string normalized, Guid except, CancellationToken cancellationToken) =>
        db.TrainProcesses.AsNoTracking().AnyAsync(p => p.TenantId == tenantId && p.NormalizedName == normalized && p.Id != except, cancellationToken);

    private static ApiError NotFound => ApiError.NotFound("The training process");

    private static ApiError NameConflict(string name) => ApiError.Conflict($"A training process named '{name}' already exists.");

    private async Task<TrainProcess?> FindAsync(Caller caller, Guid id, CancellationToken cancellationToken, bool tracked = false)
    {
        var query = tracked ? db.TrainProcesses : db.TrainProcesses.AsNoTracking();
        var process = await query.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        // Another tenant's process is reported as missing, not forbidden: its existence is not ours to reveal.
        return process is not null && caller.CanAccess(process.TenantId) ? process : null;
    }

    private static JournalEvent Describe(TrainProcess process, TrainProcessResponse data) => new()
    {
        TenantId = process.TenantId,
        EntityKind = nameof(TrainProcess),
        EntityId = process.Id.ToString(),
        Text = process.Name,
        Data = data,
    };
}
