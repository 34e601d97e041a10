using Docket.Contracts.Common;
using Docket.Contracts.MarkingSchemes;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Features.Projects;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.MarkingSchemes;

/// <summary>
/// Marking schemes (5000-5002) and their fields (6000-6004). A scheme and its fields change together: every
/// field change moves the scheme's ConcurrencyStamp, so If-Match on the scheme guards its fields too.
/// </summary>
public sealed class MarkingSchemeService(
    DocketDbContext db,
    IJournal journal,
    TimeProvider time,
    ProjectService projects,
    IEnumerable<IMarkingSchemeRemovalCheck> removalChecks,
    IMarkingFieldUsage fieldUsage)
{
    public const int MaxFields = 500;
    public const int MaxColumns = 100;
    private const int MaxPage = 200;
    private static readonly int[] Orientations = [0, 90, 180, 270];

    public async Task<Result<Page<MarkingSchemeResponse>>> ListAsync(
        Caller caller, Guid projectId, string? search, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var project = await projects.GetAsync(caller, projectId, cancellationToken);
        if (project.Error is not null)
        {
            return project.Error;
        }

        var errors = new Dictionary<string, string[]>();
        var take = Paging.Limit(limit, MaxPage, errors);
        var after = Paging.IdCursor(cursor, errors);

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var query = db.MarkingSchemes.AsNoTracking().Include(s => s.Fields).Where(s => s.ProjectId == projectId);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var normalized = TextRules.Normalize(search.Trim());
            query = query.Where(s => s.NormalizedName.Contains(normalized));
        }

        if (after is { } a)
        {
            // Ids are UUIDv7: ordering by id is ordering by creation.
            query = query.Where(s => s.Id.CompareTo(a) > 0);
        }

        var items = await query.OrderBy(s => s.Id).Take(take!.Value + 1).AsSplitQuery().ToListAsync(cancellationToken);
        var next = items.Count > take ? items[take.Value - 1].Id.ToString() : null;
        return new Page<MarkingSchemeResponse>([.. items.Take(take.Value).Select(MarkingSchemeResponse.From)], next);
    }

    public async Task<Result<MarkingSchemeResponse>> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var scheme = await FindAsync(caller, id, tracked: false, cancellationToken);
        return scheme is null ? ApiError.NotFound("The marking scheme") : MarkingSchemeResponse.From(scheme);
    }

    public async Task<Result<MarkingSchemeResponse>> CreateAsync(
        Caller caller, Guid projectId, CreateMarkingSchemeRequest request, CancellationToken cancellationToken)
    {
        var project = await projects.GetAsync(caller, projectId, cancellationToken);
        if (project.Error is not null)
        {
            return project.Error;
        }

        var errors = new Dictionary<string, string[]>();
        var name = TextRules.Name(request.Name, "name", 200, errors);
        var description = TextRules.OptionalText(request.Description, "description", 4000, errors);
        var kind = request.Kind ?? MarkingSchemeKind.Extraction;
        if (!Enum.IsDefined(kind))
        {
            errors["kind"] = ["must be Extraction or Classifier."];
        }

        var now = time.GetUtcNow().UtcDateTime;
        var scheme = new MarkingScheme
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            TenantId = project.Value!.TenantId,
            ProjectId = projectId,
            Name = name ?? string.Empty,
            NormalizedName = name is null ? string.Empty : TextRules.Normalize(name),
            Description = description,
            Kind = kind,
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = caller.UserId,
        };

        var fields = request.Fields ?? [];
        if (fields.Count > MaxFields)
        {
            errors["fields"] = [$"must be at most {MaxFields}."];
        }
        else
        {
            for (var i = 0; i < fields.Count; i++)
            {
                if (fields[i] is null)
                {
                    errors[$"fields[{i}]"] = ["must be a field."];
                    continue;
                }

                var field = NewField(scheme, fields[i], $"fields[{i}].", allowColumns: true, errors);
                if (field is not null)
                {
                    if (scheme.Fields.Any(f => f.NormalizedName == field.NormalizedName))
                    {
                        errors[$"fields[{i}].name"] = [$"'{field.Name}' is given twice."];
                    }

                    Place(scheme, field, fields[i].Order);
                }
            }
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        if (await db.MarkingSchemes.AnyAsync(s => s.ProjectId == projectId && s.NormalizedName == scheme.NormalizedName, cancellationToken))
        {
            return ApiError.Conflict($"A marking scheme named '{name}' already exists in the project.");
        }

        db.MarkingSchemes.Add(scheme);
        var response = MarkingSchemeResponse.From(scheme);
        journal.Record(EventCode.MarkingSchemeCreated, Describe(scheme, response));
        return await SaveAsync(response, () => SchemeNameTakenAsync(scheme, cancellationToken), $"A marking scheme named '{name}' already exists in the project.", cancellationToken);
    }

    public async Task<Result<MarkingSchemeResponse>> UpdateAsync(
        Caller caller, Guid id, UpdateMarkingSchemeRequest request, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var scheme = await FindAsync(caller, id, tracked: true, cancellationToken);
        if (scheme is null)
        {
            return ApiError.NotFound("The marking scheme");
        }

        if (!ifMatch(scheme.ConcurrencyStamp))
        {
            return ApiError.PreconditionFailed();
        }

        var errors = new Dictionary<string, string[]>();
        var name = TextRules.Name(request.Name, "name", 200, errors);
        var description = TextRules.OptionalText(request.Description, "description", 4000, errors);
        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var normalized = TextRules.Normalize(name!);
        if (normalized != scheme.NormalizedName
            && await db.MarkingSchemes.AnyAsync(s => s.ProjectId == scheme.ProjectId && s.NormalizedName == normalized, cancellationToken))
        {
            return ApiError.Conflict($"A marking scheme named '{name}' already exists in the project.");
        }

        scheme.Name = name!;
        scheme.NormalizedName = normalized;
        scheme.Description = description;
        Touch(scheme);
        var response = MarkingSchemeResponse.From(scheme);
        journal.Record(EventCode.MarkingSchemeUpdated, Describe(scheme, response));
        return await SaveAsync(response, () => SchemeNameTakenAsync(scheme, cancellationToken), $"A marking scheme named '{name}' already exists in the project.", cancellationToken);
    }

    public async Task<ApiError?> DeleteAsync(Caller caller, Guid id, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var scheme = await FindAsync(caller, id, tracked: true, cancellationToken);
        if (scheme is null)
        {
            return ApiError.NotFound("The marking scheme");
        }

        if (!ifMatch(scheme.ConcurrencyStamp))
        {
            return ApiError.PreconditionFailed();
        }

        // Markings and datasets are the work of people; removing the scheme under them is refused, not cascaded.
        foreach (var check in removalChecks)
        {
            if (await check.RefusalAsync(id, cancellationToken) is { } refusal)
            {
                return ApiError.Conflict(refusal);
            }
        }

        db.MarkingSchemes.Remove(scheme);
        journal.Record(EventCode.MarkingSchemeRemoved, Describe(scheme, MarkingSchemeResponse.From(scheme)));
        var saved = await SaveAsync(scheme.Id, () => Task.FromResult(false), string.Empty, cancellationToken);
        return saved.Error;
    }

    public async Task<Result<MarkingFieldResponse>> GetFieldAsync(Caller caller, Guid id, Guid fieldId, CancellationToken cancellationToken)
    {
        var scheme = await FindAsync(caller, id, tracked: false, cancellationToken);
        var field = scheme?.Fields.FirstOrDefault(f => f.Id == fieldId);
        return field is null ? ApiError.NotFound("The field") : MarkingFieldResponse.From(field, scheme!.ConcurrencyStamp);
    }

    public async Task<Result<MarkingFieldResponse>> AddFieldAsync(
        Caller caller, Guid id, MarkingFieldRequest request, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var scheme = await FindAsync(caller, id, tracked: true, cancellationToken);
        if (scheme is null)
        {
            return ApiError.NotFound("The marking scheme");
        }

        if (!ifMatch(scheme.ConcurrencyStamp))
        {
            return ApiError.PreconditionFailed();
        }

        var errors = new Dictionary<string, string[]>();
        var field = NewField(scheme, request, string.Empty, allowColumns: true, errors);
        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        if (scheme.Fields.Count >= MaxFields)
        {
            return ApiError.Conflict($"The marking scheme has {MaxFields} fields, the most it may have.");
        }

        if (scheme.Fields.Any(f => f.NormalizedName == field!.NormalizedName))
        {
            return ApiError.Conflict($"A field named '{field!.Name}' already exists in the marking scheme.");
        }

        db.MarkingFields.Add(field!);
        Place(scheme, field!, request.Order);
        Touch(scheme);
        var response = MarkingFieldResponse.From(field!, scheme.ConcurrencyStamp);
        journal.Record(EventCode.MarkingFieldCreated, Describe(scheme, field!, response));
        return await SaveAsync(response, () => FieldNameTakenAsync(field!, cancellationToken), $"A field named '{field!.Name}' already exists in the marking scheme.", cancellationToken);
    }

    public async Task<Result<MarkingFieldResponse>> UpdateFieldAsync(
        Caller caller, Guid id, Guid fieldId, MarkingFieldRequest request, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var scheme = await FindAsync(caller, id, tracked: true, cancellationToken);
        var field = scheme?.Fields.FirstOrDefault(f => f.Id == fieldId);
        if (scheme is null || field is null)
        {
            return ApiError.NotFound(scheme is null ? "The marking scheme" : "The field");
        }

        if (!ifMatch(scheme.ConcurrencyStamp))
        {
            return ApiError.PreconditionFailed();
        }

        var errors = new Dictionary<string, string[]>();
        var replacement = NewField(scheme, request, string.Empty, allowColumns: false, errors);
        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        if (scheme.Fields.Any(f => f.Id != fieldId && f.NormalizedName == replacement!.NormalizedName))
        {
            return ApiError.Conflict($"A field named '{replacement!.Name}' already exists in the marking scheme.");
        }

        field.Name = replacement!.Name;
        field.NormalizedName = replacement.NormalizedName;
        field.Description = replacement.Description;
        Apply(field, replacement.Type, replacement.Language, replacement.Orientation, replacement.MultiLine, replacement.Required, replacement.FormatPattern);
        Place(scheme, field, request.Order);
        Touch(scheme);
        var response = MarkingFieldResponse.From(field, scheme.ConcurrencyStamp);
        journal.Record(EventCode.MarkingFieldUpdated, Describe(scheme, field, response));
        return await SaveAsync(response, () => FieldNameTakenAsync(field, cancellationToken), $"A field named '{field.Name}' already exists in the marking scheme.", cancellationToken);
    }

    /// <summary>Removes a field that no marking uses; answers the scheme as it is after.</summary>
    public async Task<Result<MarkingSchemeResponse>> DeleteFieldAsync(
        Caller caller, Guid id, Guid fieldId, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var scheme = await FindAsync(caller, id, tracked: true, cancellationToken);
        var field = scheme?.Fields.FirstOrDefault(f => f.Id == fieldId);
        if (scheme is null || field is null)
        {
            return ApiError.NotFound(scheme is null ? "The marking scheme" : "The field");
        }

        if (!ifMatch(scheme.ConcurrencyStamp))
        {
            return ApiError.PreconditionFailed();
        }

        if (await fieldUsage.FieldUsedAsync(scheme.Id, fieldId, cancellationToken))
        {
            return ApiError.Conflict($"The field '{field.Name}' is used by markings; remove it from them first.");
        }

        var before = MarkingFieldResponse.From(field, scheme.ConcurrencyStamp);
        db.MarkingFields.Remove(field);
        scheme.Fields.Remove(field);
        Renumber(scheme.Fields.OrderBy(f => f.Order).ToList());
        Touch(scheme);
        var response = MarkingSchemeResponse.From(scheme);
        journal.Record(EventCode.MarkingFieldRemoved, Describe(scheme, field, before with { ETag = response.ETag }));
        return await SaveAsync(response, () => Task.FromResult(false), string.Empty, cancellationToken);
    }

    /// <summary>Changes settings of several fields at once (the Fields or Documents page); one 6003 event.</summary>
    public async Task<Result<MarkingSchemeResponse>> UpdateFieldSettingsAsync(
        Caller caller, Guid id, FieldSettingsRequest request, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var scheme = await FindAsync(caller, id, tracked: true, cancellationToken);
        if (scheme is null)
        {
            return ApiError.NotFound("The marking scheme");
        }

        if (!ifMatch(scheme.ConcurrencyStamp))
        {
            return ApiError.PreconditionFailed();
        }

        var errors = new Dictionary<string, string[]>();
        var changes = request.Fields ?? [];
        if (changes.Count == 0)
        {
            errors["fields"] = ["must name at least one field."];
        }
        else if (changes.Count > MaxFields)
        {
            errors["fields"] = [$"must be at most {MaxFields}."];
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var seen = new HashSet<Guid>();
        var planned = new List<(MarkingField Field, FieldType Type, FieldLanguage Language, int Orientation, bool MultiLine, bool Required, string? Pattern)>();
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            var path = $"fields[{i}].";
            if (change is null)
            {
                errors[$"fields[{i}]"] = ["must be a field's settings."];
                continue;
            }

            var field = scheme.Fields.FirstOrDefault(f => f.Id == change.FieldId);
            if (field is null)
            {
                errors[path + "fieldId"] = ["names no field of the marking scheme."];
                continue;
            }

            if (!seen.Add(field.Id))
            {
                errors[path + "fieldId"] = ["names a field given before."];
                continue;
            }

            var type = change.Type ?? field.Type;
            var language = change.Language ?? field.Language;
            var orientation = change.Orientation ?? field.Orientation;
            var pattern = change.FormatPattern is null ? field.FormatPattern : FormatPattern.Check(change.FormatPattern, path + "formatPattern", errors);
            CheckSettings(scheme.Kind, type, language, orientation, path, errors);
            planned.Add((field, type, language, orientation, change.MultiLine ?? field.MultiLine, change.Required ?? field.Required, pattern));
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        foreach (var p in planned)
        {
            Apply(p.Field, p.Type, p.Language, p.Orientation, p.MultiLine, p.Required, p.Pattern);
        }

        Touch(scheme);
        var response = MarkingSchemeResponse.From(scheme);
        journal.Record(EventCode.MarkingFieldTypesUpdated, Describe(scheme, response));
        return await SaveAsync(response, () => Task.FromResult(false), string.Empty, cancellationToken);
    }

    /// <summary>Replaces a table field's columns; a column that markings have cells in may not go (or be renamed).</summary>
    public async Task<Result<MarkingFieldResponse>> SetColumnsAsync(
        Caller caller, Guid id, Guid fieldId, SetColumnsRequest request, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var scheme = await FindAsync(caller, id, tracked: true, cancellationToken);
        var field = scheme?.Fields.FirstOrDefault(f => f.Id == fieldId);
        if (scheme is null || field is null)
        {
            return ApiError.NotFound(scheme is null ? "The marking scheme" : "The field");
        }

        if (!ifMatch(scheme.ConcurrencyStamp))
        {
            return ApiError.PreconditionFailed();
        }

        if (field.Type != FieldType.Table)
        {
            return ApiError.Invalid("columns", $"only a Table field has columns; '{field.Name}' is {field.Type}.");
        }

        var errors = new Dictionary<string, string[]>();
        var columns = Columns(request.Columns, "columns", errors);
        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var kept = columns.Select(c => TextRules.Normalize(c.Name)).ToHashSet(StringComparer.Ordinal);
        var lost = (await fieldUsage.ColumnsUsedAsync(scheme.Id, field.Id, cancellationToken)).Where(c => !kept.Contains(c)).ToList();
        if (lost.Count > 0)
        {
            var names = field.Columns.Where(c => lost.Contains(TextRules.Normalize(c.Name))).Select(c => $"'{c.Name}'");
            return ApiError.Conflict($"Markings have cells in column(s) {string.Join(", ", names)}; keep them (by name) or remove those cells first.");
        }

        field.Columns = columns;
        Touch(scheme);
        var response = MarkingFieldResponse.From(field, scheme.ConcurrencyStamp);
        journal.Record(EventCode.MarkingFieldColumnsUpdated, Describe(scheme, field, response));
        return await SaveAsync(response, () => Task.FromResult(false), string.Empty, cancellationToken);
    }

    /// <summary>The scheme with its fields, when the caller's tenant owns it; for the markings service too.</summary>
    internal async Task<MarkingScheme?> FindAsync(Caller caller, Guid id, bool tracked, CancellationToken cancellationToken)
    {
        var query = tracked ? db.MarkingSchemes : db.MarkingSchemes.AsNoTracking();
        var scheme = await query.Include(s => s.Fields).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        // Another tenant's scheme is reported as missing, not forbidden: its existence is not ours to reveal.
        return scheme is not null && caller.CanAccess(scheme.TenantId) ? scheme : null;
    }

    private MarkingField? NewField(MarkingScheme scheme, MarkingFieldRequest request, string path, bool allowColumns, Dictionary<string, string[]> errors)
    {
        var count = errors.Count;
        var name = TextRules.Name(request.Name, path + "name", 200, errors);
        var description = TextRules.OptionalText(request.Description, path + "description", 4000, errors);
        var type = request.Type ?? (scheme.Kind == MarkingSchemeKind.Classifier ? FieldType.DocumentType : FieldType.String);
        var language = request.Language ?? FieldLanguage.Any;
        var orientation = request.Orientation ?? 0;
        var pattern = FormatPattern.Check(request.FormatPattern, path + "formatPattern", errors);
        CheckSettings(scheme.Kind, type, language, orientation, path, errors);
        if (request.Order is < 0)
        {
            errors[path + "order"] = ["must be 0 or more."];
        }

        List<MarkingFieldColumn> columns = [];
        if (request.Columns is not null)
        {
            if (!allowColumns)
            {
                errors[path + "columns"] = ["are set through PUT /api/v1/marking-schemes/{id}/fields/{fieldId}/columns."];
            }
            else if (type != FieldType.Table)
            {
                errors[path + "columns"] = ["only a Table field has columns."];
            }
            else
            {
                columns = Columns(request.Columns, path + "columns", errors);
            }
        }

        if (errors.Count > count)
        {
            return null;
        }

        return new MarkingField
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            SchemeId = scheme.Id,
            Name = name!,
            NormalizedName = TextRules.Normalize(name!),
            Description = description,
            Type = type,
            Language = language,
            Orientation = orientation,
            MultiLine = request.MultiLine ?? false,
            Required = request.Required ?? false,
            FormatPattern = pattern,
            Columns = columns,
        };
    }

    private static List<MarkingFieldColumn> Columns(IReadOnlyList<MarkingFieldColumnRequest>? requests, string path, Dictionary<string, string[]> errors)
    {
        var columns = new List<MarkingFieldColumn>();
        if (requests is null)
        {
            errors[path] = ["are required."];
            return columns;
        }

        if (requests.Count > MaxColumns)
        {
            errors[path] = [$"must be at most {MaxColumns}."];
            return columns;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < requests.Count; i++)
        {
            var at = $"{path}[{i}].";
            var request = requests[i];
            if (request is null)
            {
                errors[$"{path}[{i}]"] = ["must be a column."];
                continue;
            }

            var name = TextRules.Name(request.Name, at + "name", 200, errors);
            if (name is not null && !names.Add(TextRules.Normalize(name)))
            {
                errors[at + "name"] = [$"'{name}' is given twice."];
            }

            var type = request.Type ?? FieldType.String;
            if (!Enum.IsDefined(type) || type is FieldType.Table or FieldType.DocumentType)
            {
                errors[at + "type"] = ["must be String, Number, Date, Money or Boolean."];
            }

            var language = request.Language ?? FieldLanguage.Any;
            if (!Enum.IsDefined(language))
            {
                errors[at + "language"] = ["must be Any, Russian or English."];
            }

            var pattern = FormatPattern.Check(request.FormatPattern, at + "formatPattern", errors);
            if (name is not null)
            {
                columns.Add(new MarkingFieldColumn { Name = name, Type = type, Language = language, Required = request.Required ?? false, FormatPattern = pattern });
            }
        }

        return columns;
    }

    private static void CheckSettings(MarkingSchemeKind kind, FieldType type, FieldLanguage language, int orientation, string path, Dictionary<string, string[]> errors)
    {
        if (!Enum.IsDefined(type))
        {
            errors[path + "type"] = ["is not a field type."];
        }
        else if (kind == MarkingSchemeKind.Classifier && type != FieldType.DocumentType)
        {
            errors[path + "type"] = ["must be DocumentType: a classifier scheme's fields are document types."];
        }
        else if (kind == MarkingSchemeKind.Extraction && type == FieldType.DocumentType)
        {
            errors[path + "type"] = ["DocumentType is for classifier schemes only."];
        }

        if (!Enum.IsDefined(language))
        {
            errors[path + "language"] = ["must be Any, Russian or English."];
        }

        if (!Orientations.Contains(orientation))
        {
            errors[path + "orientation"] = ["must be 0, 90, 180 or 270."];
        }
    }

    private static void Apply(MarkingField field, FieldType type, FieldLanguage language, int orientation, bool multiLine, bool required, string? pattern)
    {
        if (type != FieldType.Table)
        {
            field.Columns = [];
        }

        field.Type = type;
        field.Language = language;
        field.Orientation = orientation;
        field.MultiLine = multiLine;
        field.Required = required;
        field.FormatPattern = pattern;
    }

    /// <summary>Puts the field at the position (its current one, or the end for a new field, when null) and renumbers all from 0.</summary>
    private static void Place(MarkingScheme scheme, MarkingField field, int? position)
    {
        var ordered = scheme.Fields.OrderBy(f => f.Order).ToList();
        var current = ordered.IndexOf(field);
        ordered.Remove(field);
        var at = Math.Min(position ?? (current >= 0 ? current : ordered.Count), ordered.Count);
        ordered.Insert(at, field);
        if (current < 0)
        {
            scheme.Fields.Add(field);
        }

        Renumber(ordered);
    }

    private static void Renumber(List<MarkingField> ordered)
    {
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].Order = i;
        }
    }

    private void Touch(MarkingScheme scheme)
    {
        scheme.UpdatedAt = time.GetUtcNow().UtcDateTime;
        scheme.ConcurrencyStamp = Guid.NewGuid();
    }

    private async Task<Result<T>> SaveAsync<T>(T response, Func<Task<bool>> nameTaken, string conflict, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return response;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another request changed the scheme between our read and our write: the same answer as a stale If-Match.
            return ApiError.PreconditionFailed();
        }
        catch (DbUpdateException)
        {
            // Two requests raced for the same name and the unique index let one through.
            if (await nameTaken())
            {
                return ApiError.Conflict(conflict);
            }

            throw;
        }
    }

    private async Task<bool> SchemeNameTakenAsync(MarkingScheme scheme, CancellationToken cancellationToken) =>
        await db.MarkingSchemes.AsNoTracking().AnyAsync(
            s => s.ProjectId == scheme.ProjectId && s.NormalizedName == scheme.NormalizedName && s.Id != scheme.Id, cancellationToken);

    private async Task<bool> FieldNameTakenAsync(MarkingField field, CancellationToken cancellationToken) =>
        await db.MarkingFields.AsNoTracking().AnyAsync(
            f => f.SchemeId == field.SchemeId && f.NormalizedName == field.NormalizedName && f.Id != field.Id, cancellationToken);

    private static JournalEvent Describe(MarkingScheme scheme, MarkingSchemeResponse data) => new()
    {
        TenantId = scheme.TenantId,
        ProjectId = scheme.ProjectId,
        EntityKind = nameof(MarkingScheme),
        EntityId = scheme.Id.ToString(),
        Text = scheme.Name,
        Data = data,
    };

    private static JournalEvent Describe(MarkingScheme scheme, MarkingField field, MarkingFieldResponse data) => new()
    {
        TenantId = scheme.TenantId,
        ProjectId = scheme.ProjectId,
        EntityKind = nameof(MarkingField),
        EntityId = field.Id.ToString(),
        Text = field.Name,
        Data = data,
    };
}
