using Docket.Contracts.Common;
using Docket.Contracts.InferenceProcessTemplates;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Features.MarkingSchemes;
using Docket.Server.Features.Models;
using Docket.Server.Features.Tenants;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.InferenceProcessTemplates;

/// <summary>
/// Inference templates of a tenant (300-302). The model is named by exactly one of a version number and a tag, and
/// both must name a version now (through <see cref="ModelQueries"/>); a tag is stored by name, not as the version it
/// names today, so a template follows the tag when it moves and the version is resolved when a process is launched.
/// The marking scheme is checked through <see cref="MarkingSchemeQueries"/>.
/// </summary>
public sealed class InferenceProcessTemplateService(
    DocketDbContext db, IJournal journal, TimeProvider time, TenantQueries tenants, ModelQueries models, MarkingSchemeQueries schemes)
{
    private const int MaxPage = 500;
    private const int MaxTagLength = 100;

    /// <summary>The page formats the inference pipeline reads; anything else is refused when the template is saved, not at launch.</summary>
    private static readonly string[] KnownExtensions = [".png", ".jpg", ".jpeg", ".tif", ".tiff", ".pdf"];

    public async Task<Result<Page<InferenceProcessTemplateResponse>>> ListAsync(
        Caller caller, Guid? tenantId, Guid? modelId, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = Paging.Limit(limit, MaxPage, errors);
        var after = Paging.IdCursor(cursor, errors);
        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var query = db.InferenceProcessTemplates.AsNoTracking();
        if (caller.ListScope(tenantId) is { } scope)
        {
            query = query.Where(t => t.TenantId == scope);
        }

        if (modelId is { } model)
        {
            query = query.Where(t => t.ModelId == model);
        }

        if (after is { } a)
        {
            // Ids are UUIDv7: ordering by id is ordering by creation.
            query = query.Where(t => t.Id.CompareTo(a) > 0);
        }

        var items = await query.OrderBy(t => t.Id).Take(take!.Value + 1).ToListAsync(cancellationToken);
        var next = items.Count > take ? items[take.Value - 1].Id.ToString() : null;
        return new Page<InferenceProcessTemplateResponse>([.. items.Take(take.Value).Select(InferenceProcessTemplateResponse.From)], next);
    }

    public async Task<Result<InferenceProcessTemplateResponse>> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var template = await FindAsync(caller, id, cancellationToken);
        return template is null ? NotFound : InferenceProcessTemplateResponse.From(template);
    }

    public async Task<Result<InferenceProcessTemplateResponse>> CreateAsync(
        Caller caller, InferenceProcessTemplateRequest request, CancellationToken cancellationToken)
    {
        var tenantId = caller.TenantFor(request.TenantId);
        var now = time.GetUtcNow().UtcDateTime;
        var template = new InferenceProcessTemplate
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            TenantId = tenantId,
            Name = string.Empty,
            NormalizedName = string.Empty,
            ModelId = request.ModelId,
            MarkingSchemeId = request.MarkingSchemeId,
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

        db.InferenceProcessTemplates.Add(template);
        var response = InferenceProcessTemplateResponse.From(template);
        journal.Record(EventCode.InferenceProcessTemplateCreated, Describe(template, response));
        return await SaveAsync(template, response, cancellationToken);
    }

    public async Task<Result<InferenceProcessTemplateResponse>> UpdateAsync(
        Caller caller, Guid id, InferenceProcessTemplateRequest request, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
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
        var response = InferenceProcessTemplateResponse.From(template);
        journal.Record(EventCode.InferenceProcessTemplateUpdated, Describe(template, response));
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

        db.InferenceProcessTemplates.Remove(template);
        journal.Record(EventCode.InferenceProcessTemplateRemoved, Describe(template, InferenceProcessTemplateResponse.From(template)));
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>Checks the request and, when all is well, sets it on the template; the problem otherwise, with the template untouched.</summary>
    private async Task<ApiError?> ApplyAsync(
        InferenceProcessTemplate template, InferenceProcessTemplateRequest request, bool isNew, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = TextRules.Name(request.Name, "name", 200, errors);
        var description = TextRules.OptionalText(request.Description, "description", 4000, errors);
        var extensions = Extensions(request.AllowedExtensions, errors);
        var tag = request.ModelTag?.Trim();
        if ((request.ModelVersion is null) == (request.ModelTag is null))
        {
            errors["modelVersion"] = ["name the model's version with exactly one of modelVersion and modelTag."];
        }
        else if (request.ModelVersion is < 1)
        {
            errors["modelVersion"] = ["must be 1 or more."];
        }
        else if (tag is not null && (tag.Length is 0 or > MaxTagLength))
        {
            errors["modelTag"] = [$"must be 1 to {MaxTagLength} characters."];
        }

        if (!isNew && request.TenantId is { } moved && moved != template.TenantId)
        {
            errors["tenantId"] = ["an inference template cannot move to another tenant."];
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        if (isNew && !await tenants.ExistsAsync(template.TenantId, cancellationToken))
        {
            return ApiError.Invalid("tenantId", "names no tenant.");
        }

        if (await models.FindForTenantAsync(template.TenantId, request.ModelId, cancellationToken) is null)
        {
            return ApiError.Invalid("modelId", "names no model of the tenant.");
        }

        if (request.ModelVersion is { } number && await models.FindNumberedAsync(template.TenantId, request.ModelId, number, cancellationToken) is null)
        {
            return ApiError.Invalid("modelVersion", $"the model has no version {number}.");
        }

        if (tag is not null && await models.FindTaggedAsync(template.TenantId, request.ModelId, tag, cancellationToken) is null)
        {
            return ApiError.Invalid("modelTag", $"the model has no tag '{tag}'.");
        }

        if (await schemes.FindForTenantAsync(template.TenantId, request.MarkingSchemeId, cancellationToken) is null)
        {
            return ApiError.Invalid("markingSchemeId", "names no marking scheme of the tenant.");
        }

        var normalized = TextRules.Normalize(name!);
        if (normalized != template.NormalizedName && await NameTakenAsync(template.TenantId, normalized, template.Id, cancellationToken))
        {
            return NameConflict(name!);
        }

        template.Name = name!;
        template.NormalizedName = normalized;
        template.Description = description;
        template.ModelId = request.ModelId;
        template.ModelVersion = request.ModelVersion;
        template.ModelTag = tag;
        template.MarkingSchemeId = request.MarkingSchemeId;
        template.AllowedExtensions = extensions!;
        template.OrientationDetection = request.OrientationDetection;
        template.LineRemoval = request.LineRemoval;
        template.TableHeaderParsing = request.TableHeaderParsing;
        return null;
    }

    /// <summary>Lowercase extensions with their dot, each once, in the order given, all known ones; every known one when none are named.</summary>
    private static List<string>? Extensions(IReadOnlyList<string>? requested, Dictionary<string, string[]> errors)
    {
        if (requested is null)
        {
            return [.. KnownExtensions];
        }

        var extensions = requested.Select(e => e is null ? string.Empty : "." + e.Trim().TrimStart('.').ToLowerInvariant()).Distinct().ToList();
        if (extensions.Count is 0)
        {
            errors["allowedExtensions"] = [$"names at least one of {string.Join(", ", KnownExtensions)}."];
        }
        else if (extensions.FirstOrDefault(e => !KnownExtensions.Contains(e)) is { } bad)
        {
            errors["allowedExtensions"] = [$"'{bad}' is not a page format inference reads; use {string.Join(", ", KnownExtensions)}."];
        }

        return extensions;
    }

    private async Task<Result<InferenceProcessTemplateResponse>> SaveAsync(
        InferenceProcessTemplate template, InferenceProcessTemplateResponse response, CancellationToken cancellationToken)
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
        db.InferenceProcessTemplates.AsNoTracking()
            .AnyAsync(t => t.TenantId == tenantId && t.NormalizedName == normalized && t.Id != except, cancellationToken);

    private static ApiError NotFound => ApiError.NotFound("The inference template");

    private static ApiError NameConflict(string name) => ApiError.Conflict($"An inference template named '{name}' already exists.");

    private async Task<InferenceProcessTemplate?> FindAsync(Caller caller, Guid id, CancellationToken cancellationToken, bool tracked = false)
    {
        var query = tracked ? db.InferenceProcessTemplates : db.InferenceProcessTemplates.AsNoTracking();
        var template = await query.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        // Another tenant's template is reported as missing, not forbidden: its existence is not ours to reveal.
        return template is not null && caller.CanAccess(template.TenantId) ? template : null;
    }

    private static JournalEvent Describe(InferenceProcessTemplate template, InferenceProcessTemplateResponse data) => new()
    {
        TenantId = template.TenantId,
        EntityKind = nameof(InferenceProcessTemplate),
        EntityId = template.Id.ToString(),
        Text = template.Name,
        Data = data,
    };
}
