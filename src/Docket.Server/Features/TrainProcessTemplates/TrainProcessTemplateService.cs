using System.Text.RegularExpressions;
using Docket.Contracts.Common;
using Docket.Contracts.TrainProcessTemplates;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Features.ModelTemplates;
using Docket.Server.Features.ModelTypes;
using Docket.Server.Features.Tenants;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.TrainProcessTemplates;

/// <summary>
/// Training templates of a tenant (16000-16002). The recipe's ranges are checked here, and its model type and model
/// template through their areas' queries: both the tenant's (or built in), and the template of that very type.
/// </summary>
public sealed partial class TrainProcessTemplateService(
    DocketDbContext db, IJournal journal, TimeProvider time, TenantQueries tenants, ModelTypeQueries modelTypes, ModelTemplateQueries modelTemplates)
{
    private const int MaxPage = 500;
    private const int MaxExtensions = 20;
    private static readonly string[] DefaultExtensions = [".png", ".jpg", ".jpeg", ".tif", ".tiff", ".pdf"];
    private static readonly TimeSpan ShortestRun = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan LongestRun = TimeSpan.FromDays(30);

    public async Task<Result<Page<TrainProcessTemplateResponse>>> ListAsync(
        Caller caller, Guid? tenantId, Guid? modelTypeId, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = Paging.Limit(limit, MaxPage, errors);
        var after = Paging.IdCursor(cursor, errors);
        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var query = db.TrainProcessTemplates.AsNoTracking();
        if (caller.ListScope(tenantId) is { } scope)
        {
            query = query.Where(t => t.TenantId == scope);
        }

        if (modelTypeId is { } type)
        {
            query = query.Where(t => t.ModelTypeId == type);
        }

        if (after is { } a)
        {
            // Ids are UUIDv7: ordering by id is ordering by creation.
            query = query.Where(t => t.Id.CompareTo(a) > 0);
        }

        var items = await query.OrderBy(t => t.Id).Take(take!.Value + 1).ToListAsync(cancellationToken);
        var next = items.Count > take ? items[take.Value - 1].Id.ToString() : null;
        return new Page<TrainProcessTemplateResponse>([.. items.Take(take.Value).Select(TrainProcessTemplateResponse.From)], next);
    }

    public async Task<Result<TrainProcessTemplateResponse>> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var template = await FindAsync(caller, id, cancellationToken);
        return template is null ? NotFound : TrainProcessTemplateResponse.From(template);
    }

    public async Task<Result<TrainProcessTemplateResponse>> CreateAsync(Caller caller, TrainProcessTemplateRequest request, CancellationToken cancellationToken)
    {
        var tenantId = caller.TenantFor(request.TenantId);
        var now = time.GetUtcNow().UtcDateTime;
        var template = new TrainProcessTemplate
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            TenantId = tenantId,
            Name = string.Empty,
            NormalizedName = string.Empty,
            ModelTypeId = request.ModelTypeId,
            ModelTemplateId = request.ModelTemplateId,
            AllowedExtensions = [],
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = caller.UserId,
        };
        var error = await ApplyAsync(template, request, isNew: true, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        db.TrainProcessTemplates.Add(template);
        var response = TrainProcessTemplateResponse.From(template);
        journal.Record(EventCode.TrainProcessTemplateCreated, Describe(template, response));
        return await SaveAsync(template, response, cancellationToken);
    }

    public async Task<Result<TrainProcessTemplateResponse>> UpdateAsync(
        Caller caller, Guid id, TrainProcessTemplateRequest request, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var template = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (template is null)
        {
            return NotFound;
        }

        if (!ifMatch(template.ConcurrencyStamp))
        {
            return ApiError.PreconditionFailed();
        }

        var error = await ApplyAsync(template, request, isNew: false, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        template.UpdatedAt = time.GetUtcNow().UtcDateTime;
        template.ConcurrencyStamp = Guid.NewGuid();
        var response = TrainProcessTemplateResponse.From(template);
        journal.Record(EventCode.TrainProcessTemplateUpdated, Describe(template, response));
        return await SaveAsync(template, response, cancellationToken);
    }

    public async Task<ApiError?> DeleteAsync(Caller caller, Guid id, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var template = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (template is null)
        {
            return NotFound;
        }

        if (!ifMatch(template.ConcurrencyStamp))
        {
            return ApiError.PreconditionFailed();
        }

        db.TrainProcessTemplates.Remove(template);
        journal.Record(EventCode.TrainProcessTemplateRemoved, Describe(template, TrainProcessTemplateResponse.From(template)));
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>Checks the request and, when all is well, sets it on the template; the problem otherwise, with the template untouched.</summary>
    private async Task<ApiError?> ApplyAsync(TrainProcessTemplate template, TrainProcessTemplateRequest request, bool isNew, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = TextRules.Name(request.Name, "name", 200, errors);
        var description = TextRules.OptionalText(request.Description, "description", 4000, errors);
        var extensions = Extensions(request.AllowedExtensions, errors);
        Range(request.Workers, 1, 64, "workers", errors);
        Range(request.BatchSize, 1, 4096, "batchSize", errors);
        Range(request.Iterations, 1, 10_000_000, "iterations", errors);
        if (!double.IsFinite(request.LearningRate) || request.LearningRate <= 0 || request.LearningRate > 1)
        {
            errors["learningRate"] = ["must be greater than 0 and at most 1."];
        }

        if (!Enum.IsDefined(request.Device))
        {
            errors["device"] = [$"must be one of {string.Join(", ", Enum.GetNames<TrainDevice>())}."];
        }

        if (request.MaxRunTime < ShortestRun || request.MaxRunTime > LongestRun)
        {
            errors["maxRunTime"] = [$"must be from {ShortestRun} to {LongestRun}."];
        }

        if (!isNew && request.TenantId is { } moved && moved != template.TenantId)
        {
            errors["tenantId"] = ["a training template cannot move to another tenant."];
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        if (isNew && !await tenants.ExistsAsync(template.TenantId, cancellationToken))
        {
            return ApiError.Invalid("tenantId", "names no tenant.");
        }

        if (await modelTypes.FindForTenantAsync(template.TenantId, request.ModelTypeId, cancellationToken) is null)
        {
            return ApiError.Invalid("modelTypeId", "names no model type of the tenant.");
        }

        var modelTemplate = await modelTemplates.FindForTenantAsync(template.TenantId, request.ModelTemplateId, cancellationToken);
        if (modelTemplate is null)
        {
            return ApiError.Invalid("modelTemplateId", "names no model template of the tenant.");
        }

        if (modelTemplate.ModelTypeId != request.ModelTypeId)
        {
            return ApiError.Invalid("modelTemplateId", "is a template of another model type; training starts from a template of its own type.");
        }

        var normalized = TextRules.Normalize(name!);
        if (normalized != template.NormalizedName && await NameTakenAsync(template.TenantId, normalized, template.Id, cancellationToken))
        {
            return NameConflict(name!);
        }

        template.Name = name!;
        template.NormalizedName = normalized;
        template.Description = description;
        template.ModelTypeId = request.ModelTypeId;
        template.ModelTemplateId = request.ModelTemplateId;
        template.AllowedExtensions = extensions!;
        template.Augmentation = request.Augmentation;
        template.Workers = request.Workers;
        template.BatchSize = request.BatchSize;
        template.Iterations = request.Iterations;
        template.LearningRate = request.LearningRate;
        template.Device = request.Device;
        template.MaxRunTime = request.MaxRunTime;
        return null;
    }

    /// <summary>Lowercase extensions with their dot, each once, in the order given; the defaults when none are named.</summary>
    private static List<string>? Extensions(IReadOnlyList<string>? requested, Dictionary<string, string[]> errors)
    {
        if (requested is null)
        {
            return [.. DefaultExtensions];
        }

        var extensions = requested.Select(e => e is null ? string.Empty : "." + e.Trim().TrimStart('.').ToLowerInvariant()).Distinct().ToList();
        if (extensions.Count is 0 or > MaxExtensions)
        {
            errors["allowedExtensions"] = [$"names 1 to {MaxExtensions} extensions."];
        }
        else if (extensions.FirstOrDefault(e => !ExtensionPattern().IsMatch(e)) is { } bad)
        {
            errors["allowedExtensions"] = [$"'{bad}' is not a file extension (a dot and 1 to 10 letters or digits)."];
        }

        return extensions;
    }

    private static void Range(int value, int min, int max, string field, Dictionary<string, string[]> errors)
    {
        if (value < min || value > max)
        {
            errors[field] = [$"must be from {min} to {max}."];
        }
    }

    private async Task<Result<TrainProcessTemplateResponse>> SaveAsync(
        TrainProcessTemplate template, TrainProcessTemplateResponse response, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return response;
        }
        catch (DbUpdateException)
        {
            // Two requests raced for the same name and the unique index let one through.
            if (await NameTakenAsync(template.TenantId, template.NormalizedName, template.Id, cancellationToken))
            {
                return NameConflict(template.Name);
            }

            throw;
        }
    }

    private Task<bool> NameTakenAsync(Guid tenantId, string normalized, Guid except, CancellationToken cancellationToken) =>
        db.TrainProcessTemplates.AsNoTracking().AnyAsync(t => t.TenantId == tenantId && t.NormalizedName == normalized && t.Id != except, cancellationToken);

    private static ApiError NotFound => ApiError.NotFound("The training template");

    private static ApiError NameConflict(string name) => ApiError.Conflict($"A training template named '{name}' already exists.");

    private async Task<TrainProcessTemplate?> FindAsync(Caller caller, Guid id, CancellationToken cancellationToken, bool tracked = false)
    {
        var query = tracked ? db.TrainProcessTemplates : db.TrainProcessTemplates.AsNoTracking();
        var template = await query.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        // Another tenant's template is reported as missing, not forbidden: its existence is not ours to reveal.
        return template is not null && caller.CanAccess(template.TenantId) ? template : null;
    }

    private static JournalEvent Describe(TrainProcessTemplate template, TrainProcessTemplateResponse data) => new()
    {
        TenantId = template.TenantId,
        EntityKind = nameof(TrainProcessTemplate),
        EntityId = template.Id.ToString(),
        Text = template.Name,
        Data = data,
    };

    [GeneratedRegex("^\\.[a-z0-9]{1,10}$")]
    private static partial Regex ExtensionPattern();
}
