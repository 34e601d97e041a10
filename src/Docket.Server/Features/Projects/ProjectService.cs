using Docket.Contracts.Common;
using Docket.Contracts.Projects;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Features.Tenants;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Projects;

/// <summary>Projects of a tenant (3000-3002). Every read and write is scoped to what the caller may see.</summary>
public sealed class ProjectService(
    DocketDbContext db, IJournal journal, TimeProvider time, TenantQueries tenants, IEnumerable<IProjectRemovalCheck> removalChecks)
{
    private const int MaxPage = 500;

    public async Task<Result<Page<ProjectResponse>>> ListAsync(
        Caller caller, Guid? tenantId, string? search, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = Paging.Limit(limit, MaxPage, errors);
        var after = Paging.IdCursor(cursor, errors);

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var query = db.Projects.AsNoTracking();
        if (caller.ListScope(tenantId) is { } scope)
        {
            query = query.Where(p => p.TenantId == scope);
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            var normalized = TextRules.Normalize(search.Trim());
            query = query.Where(p => p.NormalizedName.Contains(normalized));
        }

        if (after is { } a)
        {
            // Ids are UUIDv7: ordering by id is ordering by creation.
            query = query.Where(p => p.Id.CompareTo(a) > 0);
        }

        var items = await query.OrderBy(p => p.Id).Take(take!.Value + 1).ToListAsync(cancellationToken);
        var next = items.Count > take ? items[take.Value - 1].Id.ToString() : null;
        return new Page<ProjectResponse>([.. items.Take(take.Value).Select(ProjectResponse.From)], next);
    }

    public async Task<Result<ProjectResponse>> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var project = await FindAsync(caller, id, cancellationToken);
        return project is null ? ApiError.NotFound("The project") : ProjectResponse.From(project);
    }

    public async Task<Result<ProjectResponse>> CreateAsync(Caller caller, ProjectRequest request, CancellationToken cancellationToken)
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

        var normalized = TextRules.Normalize(name!);
        if (await db.Projects.AnyAsync(p => p.TenantId == tenantId && p.NormalizedName == normalized, cancellationToken))
        {
            return ApiError.Conflict($"A project named '{name}' already exists.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var project = new Project
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            TenantId = tenantId,
            Name = name!,
            NormalizedName = normalized,
            Description = description,
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = caller.UserId,
        };
        db.Projects.Add(project);
        var response = ProjectResponse.From(project);
        journal.Record(EventCode.ProjectCreated, Describe(project, response));
        return await SaveAsync(project, response, cancellationToken);
    }

    public async Task<Result<ProjectResponse>> UpdateAsync(
        Caller caller, Guid id, ProjectRequest request, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var project = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (project is null)
        {
            return ApiError.NotFound("The project");
        }

        if (!ifMatch(project.ConcurrencyStamp))
        {
            return ApiError.PreconditionFailed();
        }

        var errors = new Dictionary<string, string[]>();
        var name = TextRules.Name(request.Name, "name", 200, errors);
        var description = TextRules.OptionalText(request.Description, "description", 4000, errors);
        if (request.TenantId is { } moved && moved != project.TenantId)
        {
            errors["tenantId"] = ["a project cannot move to another tenant."];
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var normalized = TextRules.Normalize(name!);
        if (normalized != project.NormalizedName
            && await db.Projects.AnyAsync(p => p.TenantId == project.TenantId && p.NormalizedName == normalized, cancellationToken))
        {
            return ApiError.Conflict($"A project named '{name}' already exists.");
        }

        project.Name = name!;
        project.NormalizedName = normalized;
        project.Description = description;
        project.UpdatedAt = time.GetUtcNow().UtcDateTime;
        project.ConcurrencyStamp = Guid.NewGuid();
        var response = ProjectResponse.From(project);
        journal.Record(EventCode.ProjectUpdated, Describe(project, response));
        return await SaveAsync(project, response, cancellationToken);
    }

    public async Task<ApiError?> DeleteAsync(Caller caller, Guid id, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var project = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (project is null)
        {
            return ApiError.NotFound("The project");
        }

        if (!ifMatch(project.ConcurrencyStamp))
        {
            return ApiError.PreconditionFailed();
        }

        foreach (var check in removalChecks)
        {
            if (await check.HoldsAnyAsync(id, cancellationToken))
            {
                return ApiError.Conflict("The project still has images, marking schemes or datasets; remove them first.");
            }
        }

        db.Projects.Remove(project);
        journal.Record(EventCode.ProjectRemoved, Describe(project, ProjectResponse.From(project)));
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    private async Task<Result<ProjectResponse>> SaveAsync(Project project, ProjectResponse response, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return response;
        }
        catch (DbUpdateException)
        {
            // Two requests raced for the same name and the unique index let one through.
            if (await NameTakenAsync(project, cancellationToken))
            {
                return ApiError.Conflict($"A project named '{project.Name}' already exists.");
            }

            throw;
        }
    }

    private async Task<bool> NameTakenAsync(Project project, CancellationToken cancellationToken) =>
        await db.Projects.AsNoTracking().AnyAsync(
            p => p.TenantId == project.TenantId && p.NormalizedName == project.NormalizedName && p.Id != project.Id, cancellationToken);

    private async Task<Project?> FindAsync(Caller caller, Guid id, CancellationToken cancellationToken, bool tracked = false)
    {
        var query = tracked ? db.Projects : db.Projects.AsNoTracking();
        var project = await query.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        // Another tenant's project is reported as missing, not forbidden: its existence is not ours to reveal.
        return project is not null && caller.CanAccess(project.TenantId) ? project : null;
    }

    private static JournalEvent Describe(Project project, ProjectResponse data) => new()
    {
        TenantId = project.TenantId,
        ProjectId = project.Id,

        // The name as of this change (a rename changes it in this very transaction): the journal keeps it from here on.
        ProjectName = project.Name,
        EntityKind = nameof(Project),
        EntityId = project.Id.ToString(),
        Text = project.Name,
        Data = data,
    };
}
