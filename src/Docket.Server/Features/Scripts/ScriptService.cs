using Docket.Contracts.Common;
using Docket.Contracts.Scripts;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Features.Tenants;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage;
using Docket.Server.Storage.Packages;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Scripts;

/// <summary>
/// An engine's launch scripts of a tenant (500-502): made, described, given their package (501 records its size,
/// SHA-256 and the launch scripts it holds), downloaded and removed. Every read and write is scoped to what the caller
/// may see.
/// </summary>
public sealed class ScriptService(DocketDbContext db, IJournal journal, TimeProvider time, TenantQueries tenants, ModelPackages packages)
{
    private const int MaxPage = 500;

    public async Task<Result<Page<ScriptResponse>>> ListAsync(
        Caller caller, Guid? tenantId, string? engine, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = Paging.Limit(limit, MaxPage, errors);
        var after = Paging.IdCursor(cursor, errors);
        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var query = db.Scripts.AsNoTracking();
        if (caller.ListScope(tenantId) is { } scope)
        {
            query = query.Where(s => s.TenantId == scope);
        }

        if (!string.IsNullOrWhiteSpace(engine))
        {
            var wanted = engine.Trim();
            query = query.Where(s => s.Engine == wanted);
        }

        if (after is { } a)
        {
            // Ids are UUIDv7: ordering by id is ordering by creation.
            query = query.Where(s => s.Id.CompareTo(a) > 0);
        }

        var items = await query.OrderBy(s => s.Id).Take(take!.Value + 1).ToListAsync(cancellationToken);
        var next = items.Count > take ? items[take.Value - 1].Id.ToString() : null;
        return new Page<ScriptResponse>([.. items.Take(take.Value).Select(ScriptResponse.From)], next);
    }

    public async Task<Result<ScriptResponse>> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var script = await FindAsync(caller, id, cancellationToken);
        return script is null ? NotFound : ScriptResponse.From(script);
    }

    public async Task<Result<ScriptResponse>> CreateAsync(Caller caller, ScriptRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = TextRules.Name(request.Name, "name", 200, errors);
        var engine = TextRules.Name(request.Engine, "engine", 200, errors);
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

        var normalized = TextRules.Normalize(name!);
        if (await NameTakenAsync(tenantId, normalized, null, cancellationToken))
        {
            return NameConflict(name!);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var script = new Script
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            TenantId = tenantId,
            Name = name!,
            NormalizedName = normalized,
            Engine = engine!,
            Description = description,
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = caller.UserId,
        };
        db.Scripts.Add(script);
        var response = ScriptResponse.From(script);
        journal.Record(EventCode.ScriptCreated, Describe(script, response));
        return await SaveAsync(script, response, cancellationToken);
    }

    public async Task<Result<ScriptResponse>> UpdateAsync(
        Caller caller, Guid id, ScriptRequest request, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var found = await ChangeableAsync(caller, id, ifMatch, cancellationToken);
        if (found.Error is not null)
        {
            return found.Error;
        }

        var script = found.Value!;
        var errors = new Dictionary<string, string[]>();
        var name = TextRules.Name(request.Name, "name", 200, errors);
        var engine = TextRules.Name(request.Engine, "engine", 200, errors);
        var description = TextRules.OptionalText(request.Description, "description", 4000, errors);
        if (request.TenantId is { } moved && moved != script.TenantId)
        {
            errors["tenantId"] = ["a script cannot move to another tenant."];
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var normalized = TextRules.Normalize(name!);
        if (normalized != script.NormalizedName && await NameTakenAsync(script.TenantId, normalized, script.Id, cancellationToken))
        {
            return NameConflict(name!);
        }

        script.Name = name!;
        script.NormalizedName = normalized;
        script.Engine = engine!;
        script.Description = description;
        return await ChangedAsync(script, cancellationToken);
    }

    /// <summary>
    /// Checks the zip, and that it holds a launch script at its root, and keeps it as the script's package (501),
    /// replacing any earlier one.
    /// </summary>
    public async Task<Result<ScriptResponse>> UploadPackageAsync(
        Caller caller, Guid id, Stream body, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var found = await ChangeableAsync(caller, id, ifMatch, cancellationToken);
        if (found.Error is not null)
        {
            return found.Error;
        }

        IReadOnlyList<string> launch = [];
        var package = await packages.ReceiveAsync(body, files =>
        {
            launch = LaunchScripts.In(files);
            return LaunchScripts.Refusal(files);
        }, cancellationToken);
        if (package.Error is not null)
        {
            return package.Error;
        }

        var script = found.Value!;
        script.PackageBlob = package.Value!.Key;
        script.PackageSize = package.Value.Size;
        script.PackageUploadedAt = time.GetUtcNow().UtcDateTime;
        script.PackageScripts = string.Join(' ', launch);
        return await ChangedAsync(script, cancellationToken);
    }

    /// <summary>The script's package to stream, with its SHA-256 and the script's name; 404 when it has none.</summary>
    public async Task<Result<(Stream Content, string Sha256, string Name)>> OpenPackageAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var script = await FindAsync(caller, id, cancellationToken);
        if (script is null)
        {
            return NotFound;
        }

        if (script.PackageBlob is null || packages.OpenRead(script.PackageBlob) is not { } content)
        {
            return ApiError.NotFound("The script's package");
        }

        return (content, script.PackageBlob, script.Name);
    }

    public async Task<ApiError?> DeleteAsync(Caller caller, Guid id, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var found = await ChangeableAsync(caller, id, ifMatch, cancellationToken);
        if (found.Error is not null)
        {
            return found.Error;
        }

        var script = found.Value!;
        db.Scripts.Remove(script);
        journal.Record(EventCode.ScriptRemoved, Describe(script, ScriptResponse.From(script)));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiError.PreconditionFailed();
        }
    }

    private async Task<Result<ScriptResponse>> ChangedAsync(Script script, CancellationToken cancellationToken)
    {
        script.UpdatedAt = time.GetUtcNow().UtcDateTime;
        script.ConcurrencyStamp = Guid.NewGuid();
        var response = ScriptResponse.From(script);
        journal.Record(EventCode.ScriptUpdated, Describe(script, response));
        return await SaveAsync(script, response, cancellationToken);
    }

    private async Task<Result<Script>> ChangeableAsync(Caller caller, Guid id, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var script = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (script is null)
        {
            return NotFound;
        }

        return ifMatch(script.ConcurrencyStamp) ? script : ApiError.PreconditionFailed();
    }

    private async Task<Result<ScriptResponse>> SaveAsync(Script script, ScriptResponse response, CancellationToken cancellationToken)
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
            if (await NameTakenAsync(script.TenantId, script.NormalizedName, script.Id, cancellationToken))
            {
                return NameConflict(script.Name);
            }

            throw;
        }
    }

    private Task<bool> NameTakenAsync(Guid tenantId, string normalized, Guid? except, CancellationToken cancellationToken) =>
        db.Scripts.AsNoTracking().AnyAsync(s => s.TenantId == tenantId && s.NormalizedName == normalized && s.Id != except, cancellationToken);

    private static ApiError NotFound => ApiError.NotFound("The script");

    private static ApiError NameConflict(string name) => ApiError.Conflict($"A script named '{name}' already exists.");

    private async Task<Script?> FindAsync(Caller caller, Guid id, CancellationToken cancellationToken, bool tracked = false)
    {
        var query = tracked ? db.Scripts : db.Scripts.AsNoTracking();
        var script = await query.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        // Another tenant's script is reported as missing, not forbidden: its existence is not ours to reveal.
        return script is not null && caller.CanAccess(script.TenantId) ? script : null;
    }

    private static JournalEvent Describe(Script script, ScriptResponse data) => new()
    {
        TenantId = script.TenantId,
        EntityKind = nameof(Script),
        EntityId = script.Id.ToString(),
        Text = script.Name,
        Data = data,
    };
}
