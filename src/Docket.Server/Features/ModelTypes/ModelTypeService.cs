using Docket.Contracts.ModelTypes;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Features.Tenants;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.ModelTypes;

/// <summary>
/// Model types (13000-13002): the built-in ones every tenant has, and a tenant's own. A name is unique among the
/// types a tenant sees (its own and the built-in ones), since a robot names the type it asks for.
/// </summary>
public sealed class ModelTypeService(
    DocketDbContext db, IJournal journal, TimeProvider time, TenantQueries tenants, IEnumerable<IModelTypeRemovalCheck> removalChecks)
{
    private const string BuiltInRefusal = "A built-in model type cannot be changed or removed: its name and purpose are what robots and engines rely on.";

    public async Task<IReadOnlyList<ModelTypeResponse>> ListAsync(Caller caller, Guid? tenantId, CancellationToken cancellationToken)
    {
        var query = db.ModelTypes.AsNoTracking();
        if (caller.ListScope(tenantId) is { } scope)
        {
            query = query.Where(t => t.TenantId == null || t.TenantId == scope);
        }

        var types = await query.OrderBy(t => t.Id).ToListAsync(cancellationToken);
        return [.. types.Select(ModelTypeResponse.From)];
    }

    public async Task<Result<ModelTypeResponse>> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var type = await FindAsync(caller, id, cancellationToken);
        return type is null ? ApiError.NotFound("The model type") : ModelTypeResponse.From(type);
    }

    public async Task<Result<ModelTypeResponse>> CreateAsync(Caller caller, ModelTypeRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = TextRules.Name(request.Name, "name", 200, errors);
        var description = TextRules.OptionalText(request.Description, "description", 4000, errors);
        if (request.Purpose is not { } purpose || !Enum.IsDefined(purpose))
        {
            errors["purpose"] = [$"is required: one of {string.Join(", ", Enum.GetNames<ModelPurpose>())}."];
            purpose = default;
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var tenantId = caller.TenantFor(request.TenantId);
        if (!await tenants.ExistsAsync(tenantId, cancellationToken))
        {
            return ApiError.Invalid("tenantId", "names no tenant.");
        }

        var normalized = TextRules.Normalize(name!);
        if (await NameTakenAsync(tenantId, normalized, null, cancellationToken))
        {
            return NameConflict(name!);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var type = new ModelType
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            TenantId = tenantId,
            Name = name!,
            NormalizedName = normalized,
            Purpose = purpose,
            Description = description,
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = caller.UserId,
        };
        db.ModelTypes.Add(type);
        var response = ModelTypeResponse.From(type);
        journal.Record(EventCode.ModelTypeCreated, Describe(type, response));
        return await SaveAsync(type, response, cancellationToken);
    }

    public async Task<Result<ModelTypeResponse>> UpdateAsync(
        Caller caller, Guid id, ModelTypeRequest request, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var found = await ChangeableAsync(caller, id, ifMatch, cancellationToken);
        if (found.Error is not null)
        {
            return found.Error;
        }

        var type = found.Value!;
        var errors = new Dictionary<string, string[]>();
        var name = TextRules.Name(request.Name, "name", 200, errors);
        var description = TextRules.OptionalText(request.Description, "description", 4000, errors);
        if (request.Purpose is { } purpose && purpose != type.Purpose)
        {
            // Models, templates and processes were made for the purpose the type had: it is chosen once.
            errors["purpose"] = [$"cannot change once the type is made (it is {type.Purpose}); make another type instead."];
        }

        if (request.TenantId is { } moved && moved != type.TenantId)
        {
            errors["tenantId"] = ["a model type cannot move to another tenant."];
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var normalized = TextRules.Normalize(name!);
        if (normalized != type.NormalizedName && await NameTakenAsync(type.TenantId!.Value, normalized, type.Id, cancellationToken))
        {
            return NameConflict(name!);
        }

        type.Name = name!;
        type.NormalizedName = normalized;
        type.Description = description;
        type.UpdatedAt = time.GetUtcNow().UtcDateTime;
        type.ConcurrencyStamp = Guid.NewGuid();
        var response = ModelTypeResponse.From(type);
        journal.Record(EventCode.ModelTypeUpdated, Describe(type, response));
        return await SaveAsync(type, response, cancellationToken);
    }

    public async Task<ApiError?> DeleteAsync(Caller caller, Guid id, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var found = await ChangeableAsync(caller, id, ifMatch, cancellationToken);
        if (found.Error is not null)
        {
            return found.Error;
        }

        var type = found.Value!;
        foreach (var check in removalChecks)
        {
            if (await check.RefusalAsync(id, cancellationToken) is { } refusal)
            {
                return ApiError.Conflict(refusal);
            }
        }

        db.ModelTypes.Remove(type);
        journal.Record(EventCode.ModelTypeRemoved, Describe(type, ModelTypeResponse.From(type)));
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>The caller's tracked custom type, checked against If-Match; a built-in one is refused with 409.</summary>
    private async Task<Result<ModelType>> ChangeableAsync(Caller caller, Guid id, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var type = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (type is null)
        {
            return ApiError.NotFound("The model type");
        }

        if (type.IsBuiltIn)
        {
            return ApiError.Conflict(BuiltInRefusal);
        }

        return ifMatch(type.ConcurrencyStamp) ? type : ApiError.PreconditionFailed();
    }

    private async Task<Result<ModelTypeResponse>> SaveAsync(ModelType type, ModelTypeResponse response, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return response;
        }
        catch (DbUpdateException)
        {
            // Two requests raced for the same name and the unique index let one through.
            if (await NameTakenAsync(type.TenantId!.Value, type.NormalizedName, type.Id, cancellationToken))
            {
                return NameConflict(type.Name);
            }

            throw;
        }
    }

    private Task<bool> NameTakenAsync(Guid tenantId, string normalized, Guid? except, CancellationToken cancellationToken) =>
        db.ModelTypes.AsNoTracking().AnyAsync(
            t => (t.TenantId == null || t.TenantId == tenantId) && t.NormalizedName == normalized && t.Id != except, cancellationToken);

    private static ApiError NameConflict(string name) => ApiError.Conflict($"A model type named '{name}' already exists.");

    private async Task<ModelType?> FindAsync(Caller caller, Guid id, CancellationToken cancellationToken, bool tracked = false)
    {
        var query = tracked ? db.ModelTypes : db.ModelTypes.AsNoTracking();
        var type = await query.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        // Another tenant's type is reported as missing, not forbidden: its existence is not ours to reveal.
        return type is not null && (type.TenantId is null || caller.CanAccess(type.TenantId)) ? type : null;
    }

    private static JournalEvent Describe(ModelType type, ModelTypeResponse data) => new()
    {
        TenantId = type.TenantId,
        EntityKind = nameof(ModelType),
        EntityId = type.Id.ToString(),
        Text = type.Name,
        Data = data,
    };
}
