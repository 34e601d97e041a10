using System.Text.Json;
using System.Text.RegularExpressions;
using Docket.Contracts.Common;
using Docket.Contracts.Models;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Features.DataSets;
using Docket.Server.Features.ModelTemplates;
using Docket.Server.Features.ModelTypes;
using Docket.Server.Features.Tenants;
using Docket.Server.Features.TrainProcessTemplates;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage;
using Docket.Server.Storage.Packages;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Models;

/// <summary>
/// Models of a tenant (14000-14004): a model, its versions (each a checked package with what made it) and its tags,
/// and the downloads of their packages.
/// A change of the model, a version added or removed, a tag set, moved or removed is 14001, with the model as it is
/// after the change; every one of them changes the model's ETag, so two of them on one model cannot cross.
/// </summary>
public sealed partial class ModelService(
    DocketDbContext db,
    IJournal journal,
    TimeProvider time,
    TenantQueries tenants,
    ModelTypeQueries modelTypes,
    ModelTemplateQueries templates,
    DataSetQueries dataSets,
    TrainProcessTemplateQueries trainTemplates,
    ModelPackages packages,
    IEnumerable<IModelRemovalCheck> removalChecks,
    IEnumerable<IModelVersionRemovalCheck> versionRemovalChecks)
{
    private const int MaxPage = 500;
    private const int MaxMetrics = 200;

    public async Task<Result<Page<ModelResponse>>> ListAsync(
        Caller caller, Guid? tenantId, Guid? modelTypeId, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = Paging.Limit(limit, MaxPage, errors);
        var after = Paging.IdCursor(cursor, errors);
        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var query = db.Models.AsNoTracking();
        if (caller.ListScope(tenantId) is { } scope)
        {
            query = query.Where(m => m.TenantId == scope);
        }

        if (modelTypeId is { } type)
        {
            query = query.Where(m => m.ModelTypeId == type);
        }

        if (after is { } a)
        {
            // Ids are UUIDv7: ordering by id is ordering by creation.
            query = query.Where(m => m.Id.CompareTo(a) > 0);
        }

        var items = await query.OrderBy(m => m.Id).Take(take!.Value + 1).ToListAsync(cancellationToken);
        var next = items.Count > take ? items[take.Value - 1].Id.ToString() : null;
        var page = items.Take(take.Value).ToList();
        var states = await StatesAsync([.. page.Select(m => m.Id)], cancellationToken);
        return new Page<ModelResponse>([.. page.Select(m => ModelResponse.From(m, states[m.Id]))], next);
    }

    public async Task<Result<ModelResponse>> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var model = await FindAsync(caller, id, cancellationToken);
        return model is null ? NotFound : ModelResponse.From(model, await StateAsync(model.Id, cancellationToken));
    }

    public async Task<Result<ModelResponse>> CreateAsync(Caller caller, ModelRequest request, CancellationToken cancellationToken)
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
        var model = new Model
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
        db.Models.Add(model);
        var response = ModelResponse.From(model, ModelState.Empty);
        journal.Record(EventCode.ModelCreated, Describe(model, response));
        return await SaveAsync(model, response, cancellationToken);
    }

    public async Task<Result<ModelResponse>> UpdateAsync(
        Caller caller, Guid id, ModelRequest request, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var found = await ChangeableAsync(caller, id, ifMatch, cancellationToken);
        if (found.Error is not null)
        {
            return found.Error;
        }

        var model = found.Value!;
        var errors = new Dictionary<string, string[]>();
        var name = TextRules.Name(request.Name, "name", 200, errors);
        var description = TextRules.OptionalText(request.Description, "description", 4000, errors);
        if (request.TenantId is { } moved && moved != model.TenantId)
        {
            errors["tenantId"] = ["a model cannot move to another tenant."];
        }

        if (request.ModelTypeId != model.ModelTypeId)
        {
            // Its versions were trained and packaged for the type; another type is another model.
            errors["modelTypeId"] = ["a model keeps the model type it was made for; make another model instead."];
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var normalized = TextRules.Normalize(name!);
        if (normalized != model.NormalizedName && await NameTakenAsync(model.TenantId, normalized, model.Id, cancellationToken))
        {
            return NameConflict(name!);
        }

        model.Name = name!;
        model.NormalizedName = normalized;
        model.Description = description;
        var response = Changed(model, await StateAsync(model.Id, cancellationToken));
        journal.Record(EventCode.ModelUpdated, Describe(model, response));
        return await SaveAsync(model, response, cancellationToken);
    }

    public async Task<ApiError?> DeleteAsync(Caller caller, Guid id, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var found = await ChangeableAsync(caller, id, ifMatch, cancellationToken);
        if (found.Error is not null)
        {
            return found.Error;
        }

        // Its versions and tags go with it (ON DELETE CASCADE); their packages are left to the blob collector.
        var model = found.Value!;
        foreach (var check in removalChecks)
        {
            if (await check.RefusalAsync(model.Id, cancellationToken) is { } refusal)
            {
                return ApiError.Conflict(refusal);
            }
        }

        db.Models.Remove(model);
        journal.Record(EventCode.ModelRemoved, Describe(model, ModelResponse.From(model, await StateAsync(model.Id, cancellationToken))));
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public async Task<Result<IReadOnlyList<ModelVersionResponse>>> ListVersionsAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var model = await FindAsync(caller, id, cancellationToken);
        if (model is null)
        {
            return NotFound;
        }

        var state = await StateAsync(model.Id, cancellationToken);
        var versions = await db.ModelVersions.AsNoTracking().Where(v => v.ModelId == id).OrderBy(v => v.Number).ToListAsync(cancellationToken);
        return versions.Select(v => ModelVersionResponse.From(v, state.TagsOf(v.Number))).ToList();
    }

    public async Task<Result<ModelVersionResponse>> GetVersionAsync(Caller caller, Guid id, int number, CancellationToken cancellationToken)
    {
        var model = await FindAsync(caller, id, cancellationToken);
        var version = model is null ? null : await db.ModelVersions.AsNoTracking().FirstOrDefaultAsync(v => v.ModelId == id && v.Number == number, cancellationToken);
        return version is null ? VersionNotFound : ModelVersionResponse.From(version, (await StateAsync(id, cancellationToken)).TagsOf(number));
    }

    /// <summary>The version a tag names, as a robot's inference template will ask for it.</summary>
    public async Task<Result<ModelVersionResponse>> GetTaggedAsync(Caller caller, Guid id, string tag, CancellationToken cancellationToken)
    {
        var model = await FindAsync(caller, id, cancellationToken);
        var state = model is null ? ModelState.Empty : await StateAsync(id, cancellationToken);
        return state.Tags.TryGetValue(tag, out var number) ? await GetVersionAsync(caller, id, number, cancellationToken) : ApiError.NotFound("The model's tag");
    }

    /// <summary>
    /// Adds the next version (14001): what made it is checked first, then the package is received and checked whole,
    /// so a bad reference never costs an upload and a bad package leaves nothing.
    /// </summary>
    public async Task<Result<ModelVersionResponse>> AddVersionAsync(
        Caller caller, Guid id, ModelVersionOrigin origin, Stream body, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var found = await ChangeableAsync(caller, id, ifMatch, cancellationToken);
        if (found.Error is not null)
        {
            return found.Error;
        }

        var model = found.Value!;
        var checkedOrigin = await CheckOriginAsync(model.TenantId, origin, cancellationToken);
        if (checkedOrigin.Error is not null)
        {
            return checkedOrigin.Error;
        }

        var package = await packages.ReceiveAsync(body, cancellationToken);
        if (package.Error is not null)
        {
            return package.Error;
        }

        var state = await StateAsync(model.Id, cancellationToken);
        var version = new ModelVersion
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            ModelId = model.Id,
            Number = ++model.LastVersionNumber,
            PackageBlob = package.Value!.Key,
            PackageSize = package.Value.Size,
            ModelTemplateId = origin.ModelTemplateId,
            DataSetId = origin.DataSetId,
            DataSetVersion = origin.DataSetVersion,
            DataSetVersionId = checkedOrigin.Value,
            TrainProcessTemplateId = origin.TrainProcessTemplateId,
            Metrics = origin.Metrics is { Count: > 0 } metrics ? JsonSerializer.Serialize(metrics) : null,
            Description = origin.Description,
            CreatedAt = time.GetUtcNow().UtcDateTime,
            CreatedBy = caller.UserId,
        };
        db.ModelVersions.Add(version);
        var response = ModelVersionResponse.From(version, []);
        RecordChange(model, state with { Latest = version.Number }, new { version = response });
        var saved = await SaveAsync(model, response, cancellationToken);
        return saved;
    }

    /// <summary>
    /// Stages the next version of a model from a package already kept as a blob (a training run's output), checked
    /// whole as an upload is, and records 14001; the caller saves. What made it is kept as given, without refusing
    /// references removed since the run started (the version outlives them); metrics that are not metrics are left out.
    /// </summary>
    public async Task<Result<ModelVersionResponse>> StageTrainedVersionAsync(
        Guid tenantId, Guid id, string packageBlob, long packageSize, ModelVersionOrigin origin, CancellationToken cancellationToken)
    {
        var model = await db.Models.FirstOrDefaultAsync(m => m.Id == id && m.TenantId == tenantId, cancellationToken);
        if (model is null)
        {
            return NotFound;
        }

        if (await packages.RefusalOfStoredAsync(packageBlob, packageSize, cancellationToken) is { } refusal)
        {
            return new ApiError(StatusCodes.Status422UnprocessableEntity, "Invalid package", refusal);
        }

        var metrics = (origin.Metrics ?? new Dictionary<string, double>())
            .Where(m => m.Key.Length is > 0 and <= 100 && !m.Key.Any(char.IsControl) && double.IsFinite(m.Value))
            .Take(MaxMetrics)
            .ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        var dataSetVersionId = origin is { DataSetId: { } dataSetId, DataSetVersion: { } number }
            ? await dataSets.FindVersionIdAsync(tenantId, dataSetId, number, cancellationToken)
            : null;
        var state = await StateAsync(model.Id, cancellationToken);
        var version = new ModelVersion
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            ModelId = model.Id,
            Number = ++model.LastVersionNumber,
            PackageBlob = packageBlob,
            PackageSize = packageSize,
            ModelTemplateId = origin.ModelTemplateId,
            DataSetId = origin.DataSetId,
            DataSetVersion = origin.DataSetVersion,
            DataSetVersionId = dataSetVersionId,
            TrainProcessTemplateId = origin.TrainProcessTemplateId,
            Metrics = metrics.Count > 0 ? JsonSerializer.Serialize(metrics) : null,
            Description = origin.Description is { Length: > 4000 } text ? text[..4000] : origin.Description,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.ModelVersions.Add(version);
        var response = ModelVersionResponse.From(version, []);
        RecordChange(model, state with { Latest = version.Number }, new { version = response });
        return response;
    }

    public async Task<ApiError?> RemoveVersionAsync(Caller caller, Guid id, int number, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var found = await ChangeableAsync(caller, id, ifMatch, cancellationToken);
        if (found.Error is not null)
        {
            return found.Error;
        }

        var model = found.Value!;
        var version = await db.ModelVersions.FirstOrDefaultAsync(v => v.ModelId == id && v.Number == number, cancellationToken);
        if (version is null)
        {
            return VersionNotFound;
        }

        // Its tags go with it (ON DELETE CASCADE): a tag never names a version that is gone. So the areas that name the
        // version, or a tag on it, are asked about both.
        var state = await StateAsync(model.Id, cancellationToken);
        foreach (var check in versionRemovalChecks)
        {
            if (await check.VersionRefusalAsync(model.Id, number, cancellationToken) is { } pinned)
            {
                return ApiError.Conflict(pinned);
            }

            if (state.TagsOf(number) is { Count: > 0 } tagsOnIt && await check.TagRefusalAsync(model.Id, tagsOnIt, cancellationToken) is { } followed)
            {
                return ApiError.Conflict($"Version {number} carries tags that would go with it. {followed}");
            }
        }

        var response = ModelVersionResponse.From(version, state.TagsOf(number));
        db.ModelVersions.Remove(version);
        var latest = await db.ModelVersions.Where(v => v.ModelId == id && v.Number != number).MaxAsync(v => (int?)v.Number, cancellationToken);
        RecordChange(model, state.Without(number) with { Latest = latest }, new { removedVersion = response });
        return (await SaveAsync(model, response, cancellationToken)).Error;
    }

    /// <summary>
    /// Opens a version's package for download. A model the caller may see whose version or package cannot be served
    /// records 14004 with the reason; a model the caller may not see records nothing (it is not theirs to know of).
    /// </summary>
    public async Task<Result<ModelPackageDownload>> OpenVersionPackageAsync(Caller caller, Guid id, int number, CancellationToken cancellationToken)
    {
        var model = await FindAsync(caller, id, cancellationToken);
        if (model is null)
        {
            return NotFound;
        }

        var version = await db.ModelVersions.AsNoTracking().FirstOrDefaultAsync(v => v.ModelId == id && v.Number == number, cancellationToken);
        if (version is null)
        {
            await journal.RecordNowAsync(EventCode.ModelDownloadError,
                Describe(model, new { version = number, reason = $"the model has no version {number}" }, $"{model.Name} v{number}: the model has no version {number}"),
                cancellationToken);
            return VersionNotFound;
        }

        if (packages.OpenRead(version.PackageBlob) is not { } content)
        {
            // The row names a blob that is gone (a lost disk, a restore without the blob folder): a fault to see in the journal.
            var download = new ModelPackageDownload(model, version, Stream.Null);
            await RecordDownloadErrorAsync(download, $"the package (SHA-256 {version.PackageBlob}) is missing from the blob store", cancellationToken);
            return ApiError.NotFound("The model version's package");
        }

        return new ModelPackageDownload(model, version, content);
    }

    /// <summary>14003: the package, or the range of it that <paramref name="contentRange"/> names, is being sent to the caller.</summary>
    public Task RecordDownloadAsync(ModelPackageDownload download, string? contentRange, CancellationToken cancellationToken) =>
        journal.RecordNowAsync(EventCode.ModelDownloadSuccess, Describe(download.Model, new
        {
            version = download.Version.Number,
            versionId = download.Version.Id,
            package = new { size = download.Version.PackageSize, sha256 = download.Version.PackageBlob },
            range = contentRange,
        }, download.Name), cancellationToken);

    /// <summary>14004: the version's package cannot be sent, for <paramref name="reason"/>.</summary>
    public Task RecordDownloadErrorAsync(ModelPackageDownload download, string reason, CancellationToken cancellationToken) =>
        journal.RecordNowAsync(EventCode.ModelDownloadError, Describe(download.Model, new
        {
            version = download.Version.Number,
            versionId = download.Version.Id,
            package = new { size = download.Version.PackageSize, sha256 = download.Version.PackageBlob },
            reason,
        }, $"{download.Name}: {reason}"), cancellationToken);

    /// <summary>Puts the tag on a version (14001), moving it from the version it was on.</summary>
    public async Task<Result<ModelResponse>> SetTagAsync(
        Caller caller, Guid id, string tag, ModelTagRequest request, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        if (!TagPattern().IsMatch(tag))
        {
            return ApiError.Invalid("tag", "is 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }

        var found = await ChangeableAsync(caller, id, ifMatch, cancellationToken);
        if (found.Error is not null)
        {
            return found.Error;
        }

        var model = found.Value!;
        var version = await db.ModelVersions.AsNoTracking().FirstOrDefaultAsync(v => v.ModelId == id && v.Number == request.Version, cancellationToken);
        if (version is null)
        {
            return ApiError.Invalid("version", $"the model has no version {request.Version}.");
        }

        var existing = await db.ModelTags.FirstOrDefaultAsync(t => t.ModelId == id && t.Name == tag, cancellationToken);
        if (existing is null)
        {
            db.ModelTags.Add(new ModelTag { ModelId = id, Name = tag, ModelVersionId = version.Id });
        }
        else
        {
            existing.ModelVersionId = version.Id;
        }

        var state = await StateAsync(model.Id, cancellationToken);
        var tags = new Dictionary<string, int>(state.Tags, StringComparer.Ordinal) { [tag] = version.Number };
        var response = RecordChange(model, state with { Tags = tags }, new { tag, version = version.Number, movedFrom = state.Tags.TryGetValue(tag, out var from) ? from : (int?)null });
        return await SaveAsync(model, response, cancellationToken);
    }

    public async Task<Result<ModelResponse>> RemoveTagAsync(Caller caller, Guid id, string tag, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var found = await ChangeableAsync(caller, id, ifMatch, cancellationToken);
        if (found.Error is not null)
        {
            return found.Error;
        }

        var model = found.Value!;
        var existing = await db.ModelTags.FirstOrDefaultAsync(t => t.ModelId == id && t.Name == tag, cancellationToken);
        if (existing is null)
        {
            return ApiError.NotFound("The model's tag");
        }

        foreach (var check in versionRemovalChecks)
        {
            if (await check.TagRefusalAsync(model.Id, [tag], cancellationToken) is { } refusal)
            {
                return ApiError.Conflict(refusal);
            }
        }

        db.ModelTags.Remove(existing);
        var state = await StateAsync(model.Id, cancellationToken);
        var tags = new Dictionary<string, int>(state.Tags, StringComparer.Ordinal);
        tags.Remove(tag, out var from);
        var response = RecordChange(model, state with { Tags = tags }, new { tag, removedFrom = from });
        return await SaveAsync(model, response, cancellationToken);
    }

    /// <summary>The dataset version's id when a dataset is named; refuses references the model's tenant does not have.</summary>
    private async Task<Result<Guid?>> CheckOriginAsync(Guid tenantId, ModelVersionOrigin origin, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        TextRules.OptionalText(origin.Description, "description", 4000, errors);
        if (origin.Metrics is { } metrics)
        {
            if (metrics.Count > MaxMetrics)
            {
                errors["metrics"] = [$"has {metrics.Count} entries; at most {MaxMetrics} are kept."];
            }
            else if (metrics.FirstOrDefault(m => m.Key.Length is 0 or > 100 || m.Key.Any(char.IsControl) || !double.IsFinite(m.Value)) is { Key: not null } bad)
            {
                errors["metrics"] = [$"'{bad.Key}' is not a metric: names are 1 to 100 characters, values finite numbers."];
            }
        }

        if ((origin.DataSetId is null) != (origin.DataSetVersion is null))
        {
            errors["dataSetVersion"] = ["dataSetId and dataSetVersion name a dataset version together: give both or neither."];
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        if (origin.ModelTemplateId is { } templateId && await templates.FindForTenantAsync(tenantId, templateId, cancellationToken) is null)
        {
            return ApiError.Invalid("modelTemplateId", "names no model template of the tenant.");
        }

        if (origin.TrainProcessTemplateId is { } trainTemplateId && await trainTemplates.FindForTenantAsync(tenantId, trainTemplateId, cancellationToken) is null)
        {
            return ApiError.Invalid("trainProcessTemplateId", "names no training template of the tenant.");
        }

        if (origin.DataSetId is not { } dataSetId)
        {
            return (Guid?)null;
        }

        var versionId = await dataSets.FindVersionIdAsync(tenantId, dataSetId, origin.DataSetVersion!.Value, cancellationToken);
        return versionId is null ? ApiError.Invalid("dataSetVersion", "names no version of a dataset of the tenant.") : versionId;
    }

    /// <summary>Bumps the model's stamp and stages 14001 with the model as it is after the change.</summary>
    private ModelResponse RecordChange(Model model, ModelState state, object change)
    {
        var response = Changed(model, state);
        journal.Record(EventCode.ModelUpdated, Describe(model, new { model = response, change }));
        return response;
    }

    private ModelResponse Changed(Model model, ModelState state)
    {
        model.UpdatedAt = time.GetUtcNow().UtcDateTime;
        model.ConcurrencyStamp = Guid.NewGuid();
        return ModelResponse.From(model, state);
    }

    private async Task<Result<Model>> ChangeableAsync(Caller caller, Guid id, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var model = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (model is null)
        {
            return NotFound;
        }

        return ifMatch(model.ConcurrencyStamp) ? model : ApiError.PreconditionFailed();
    }

    private async Task<Result<T>> SaveAsync<T>(Model model, T response, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return response;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another change of the model (a version, a tag) committed while this one ran: nothing of this one was kept.
            return ApiError.Conflict("The model was changed at the same moment by another request; nothing was changed. Try again.");
        }
        catch (DbUpdateException)
        {
            // Two requests raced for the same name, version number or new tag, and a unique index let one through.
            return await NameTakenAsync(model.TenantId, model.NormalizedName, model.Id, cancellationToken)
                ? NameConflict(model.Name)
                : ApiError.Conflict("The model was changed at the same moment by another request; nothing was changed. Try again.");
        }
    }

    private Task<bool> NameTakenAsync(Guid tenantId, string normalized, Guid? except, CancellationToken cancellationToken) =>
        db.Models.AsNoTracking().AnyAsync(m => m.TenantId == tenantId && m.NormalizedName == normalized && m.Id != except, cancellationToken);

    private async Task<ModelState> StateAsync(Guid modelId, CancellationToken cancellationToken) =>
        (await StatesAsync([modelId], cancellationToken))[modelId];

    /// <summary>Each model's tags (with the numbers of the versions they name) and latest version, in two statements.</summary>
    private async Task<Dictionary<Guid, ModelState>> StatesAsync(IReadOnlyCollection<Guid> modelIds, CancellationToken cancellationToken)
    {
        var versions = db.ModelVersions;
        var tags = await db.ModelTags.AsNoTracking()
            .Where(t => modelIds.Contains(t.ModelId))
            .Join(versions, t => t.ModelVersionId, v => v.Id, (t, v) => new { t.ModelId, t.Name, v.Number })
            .ToListAsync(cancellationToken);
        var latest = await db.ModelVersions.AsNoTracking()
            .Where(v => modelIds.Contains(v.ModelId))
            .GroupBy(v => v.ModelId)
            .Select(g => new { ModelId = g.Key, Latest = g.Max(v => v.Number) })
            .ToDictionaryAsync(g => g.ModelId, g => g.Latest, cancellationToken);
        return modelIds.ToDictionary(id => id, id => new ModelState(
            tags.Where(t => t.ModelId == id).ToDictionary(t => t.Name, t => t.Number, StringComparer.Ordinal),
            latest.TryGetValue(id, out var n) ? n : null));
    }

    private static ApiError NotFound => ApiError.NotFound("The model");

    private static ApiError VersionNotFound => ApiError.NotFound("The model version");

    private static ApiError NameConflict(string name) => ApiError.Conflict($"A model named '{name}' already exists.");

    private async Task<Model?> FindAsync(Caller caller, Guid id, CancellationToken cancellationToken, bool tracked = false)
    {
        var query = tracked ? db.Models : db.Models.AsNoTracking();
        var model = await query.FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        // Another tenant's model is reported as missing, not forbidden: its existence is not ours to reveal.
        return model is not null && caller.CanAccess(model.TenantId) ? model : null;
    }

    private static JournalEvent Describe(Model model, object data, string? text = null) => new()
    {
        TenantId = model.TenantId,
        EntityKind = nameof(Model),
        EntityId = model.Id.ToString(),
        Text = text ?? model.Name,
        Data = data,
    };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex TagPattern();
}
