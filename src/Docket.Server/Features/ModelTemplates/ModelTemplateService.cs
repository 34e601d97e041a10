using Docket.Contracts.Common;
using Docket.Contracts.ModelTemplates;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Features.ModelTypes;
using Docket.Server.Features.Tenants;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage;
using Docket.Server.Storage.Packages;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.ModelTemplates;

/// <summary>
/// Model templates of a tenant (10000-10002): made, described, given their package (10001 records its size and
/// SHA-256), downloaded and removed. Every read and write is scoped to what the caller may see.
/// </summary>
public sealed class ModelTemplateService(
    DocketDbContext db, IJournal journal, TimeProvider time, TenantQueries tenants, ModelTypeQueries modelTypes, ModelPackages packages,
    IEnumerable<IModelTemplateRemovalCheck> removalChecks)
{
    private const int MaxPage = 500;

    public async Task<Result<Page<ModelTemplateResponse>>> ListAsync(
        Caller caller, Guid? tenantId, Guid? modelTypeId, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = Paging.Limit(limit, MaxPage, errors);
        var after = Paging.IdCursor(cursor, errors);
        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var query = db.ModelTemplates.AsNoTracking();
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
        return new Page<ModelTemplateResponse>([.. items.Take(take.Value).Select(ModelTemplateResponse.From)], next);
    }

    public async Task<Result<ModelTemplateResponse>> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var template = await FindAsync(caller, id, cancellationToken);
        return template is null ? NotFound : ModelTemplateResponse.From(template);
    }

    public async Task<Result<ModelTemplateResponse>> CreateAsync(Caller caller, ModelTemplateRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = TextRules.Name(request.Name, "name", 200, errors);
        var description = TextRules.OptionalText(request.Description, "description", 4000, errors);
        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var tenantId = caller.TenantFor(request.TenantId);
        if (!await tenants.ExistsAsync(tenantId, cancellationToken))
        {
            return ApiError.Invalid("tenantId", "names no tenant.");
        }

        if (await modelTypes.FindForTenantAsync(tenantId, request.ModelTypeId, cancellationToken) is null)
        {
            return ApiError.Invalid("modelTypeId", "names no model type of the tenant.");
        }

        var normalized = TextRules.Normalize(name!);
        if (await NameTakenAsync(tenantId, normalized, null, cancellationToken))
        {
            return NameConflict(name!);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var template = new ModelTemplate
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            TenantId = tenantId,
            ModelTypeId = request.ModelTypeId,
            Name = name!,
            NormalizedName = normalized,
            Description = description,
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = caller.UserId,
        };
        db.ModelTemplates.Add(template);
        var response = ModelTemplateResponse.From(template);
        journal.Record(EventCode.ModelTemplateCreated, Describe(template, response));
        return await SaveAsync(template, response, cancellationToken);
    }

    public async Task<Result<ModelTemplateResponse>> UpdateAsync(
        Caller caller, Guid id, ModelTemplateRequest request, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var found = await ChangeableAsync(caller, id, ifMatch, cancellationToken);
        if (found.Error is not null)
        {
            return found.Error;
        }

        var template = found.Value!;
        var errors = new Dictionary<string, string[]>();
        var name = TextRules.Name(request.Name, "name", 200, errors);
        var description = TextRules.OptionalText(request.Description, "description", 4000, errors);
        if (request.TenantId is { } moved && moved != template.TenantId)
        {
            errors["tenantId"] = ["a model template cannot move to another tenant."];
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        if (request.ModelTypeId != template.ModelTypeId
            && await modelTypes.FindForTenantAsync(template.TenantId, request.ModelTypeId, cancellationToken) is null)
        {
            return ApiError.Invalid("modelTypeId", "names no model type of the tenant.");
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
        return await ChangedAsync(template, cancellationToken);
    }

    /// <summary>Checks the zip and keeps it as the template's package (10001), replacing any earlier one.</summary>
    public async Task<Result<ModelTemplateResponse>> UploadPackageAsync(
        Caller caller, Guid id, Stream body, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var found = await ChangeableAsync(caller, id, ifMatch, cancellationToken);
        if (found.Error is not null)
        {
            return found.Error;
        }

        var package = await packages.ReceiveAsync(body, cancellationToken);
        if (package.Error is not null)
        {
            return package.Error;
        }

        var template = found.Value!;
        template.PackageBlob = package.Value!.Key;
        template.PackageSize = package.Value.Size;
        template.PackageUploadedAt = time.GetUtcNow().UtcDateTime;
        return await ChangedAsync(template, cancellationToken);
    }

    /// <summary>The template's package to stream, with its SHA-256 and the template's name; 404 when it has none.</summary>
    public async Task<Result<(Stream Content, string Sha256, string Name)>> OpenPackageAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var template = await FindAsync(caller, id, cancellationToken);
        if (template is null)
        {
            return NotFound;
        }

        if (template.PackageBlob is null || packages.OpenRead(template.PackageBlob) is not { } content)
        {
            return ApiError.NotFound("The model template's package");
        }

        return (content, template.PackageBlob, template.Name);
    }

    public async Task<ApiError?> DeleteAsync(Caller caller, Guid id, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var found = await ChangeableAsync(caller, id, ifMatch, cancellationToken);
        if (found.Error is not null)
        {
            return found.Error;
        }

        foreach (var check in removalChecks)
        {
            if (await check.RefusalAsync(id, cancellationToken) is { } refusal)
            {
                return ApiError.Conflict(refusal);
            }
        }

        var template = found.Value!;
        db.ModelTemplates.Remove(template);
        journal.Record(EventCode.ModelTemplateRemoved, Describe(template, ModelTemplateResponse.From(template)));
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    private async Task<Result<ModelTemplateResponse>> ChangedAsync(ModelTemplate template, CancellationToken cancellationToken)
    {
        template.UpdatedAt = time.GetUtcNow().UtcDateTime;
        template.ConcurrencyStamp = Guid.NewGuid();
        var response = ModelTemplateResponse.From(template);
        journal.Record(EventCode.ModelTemplateUpdated, Describe(template, response));
        return await SaveAsync(template, response, cancellationToken);
    }

    private async Task<Result<ModelTemplate>> ChangeableAsync(Caller caller, Guid id, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var template = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (template is null)
        {
            return NotFound;
        }

        return ifMatch(template.ConcurrencyStamp) ? template : ApiError.PreconditionFailed();
    }

    private async Task<Result<ModelTemplateResponse>> SaveAsync(ModelTemplate template, ModelTemplateResponse response, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return response;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Changed by someone else while this request ran (a package upload takes a while).
            return ApiError.PreconditionFailed();
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

    private Task<bool> NameTakenAsync(Guid tenantId, string normalized, Guid? except, CancellationToken cancellationToken) =>
        db.ModelTemplates.AsNoTracking().AnyAsync(t => t.TenantId == tenantId && t.NormalizedName == normalized && t.Id != except, cancellationToken);

    private static ApiError NotFound => ApiError.NotFound("The model template");

    private static ApiError NameConflict(string name) => ApiError.Conflict($"A model template named '{name}' already exists.");

    private async Task<ModelTemplate?> FindAsync(Caller caller, Guid id, CancellationToken cancellationToken, bool tracked = false)
    {
        var query = tracked ? db.ModelTemplates : db.ModelTemplates.AsNoTracking();
        var template = await query.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        // Another tenant's template is reported as missing, not forbidden: its existence is not ours to reveal.
        return template is not null && caller.CanAccess(template.TenantId) ? template : null;
    }

    private static JournalEvent Describe(ModelTemplate template, ModelTemplateResponse data) => new()
    {
        TenantId = template.TenantId,
        EntityKind = nameof(ModelTemplate),
        EntityId = template.Id.ToString(),
        Text = template.Name,
        Data = data,
    };
}
