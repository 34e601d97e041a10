using Docket.Contracts.Tenants;
using Docket.Server.Common;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Tenants;

/// <summary>
/// Tenants: created, changed and removed by the cross-tenant Administrator only. The catalog has no tenant
/// events, so these changes are not journalled yet (see the closing note of the foundation issue).
/// </summary>
public sealed class TenantService(DocketDbContext db, IEnumerable<ITenantRowHolder> holders, JournalNames journalNames, TimeProvider time)
{
    public async Task<IReadOnlyList<TenantResponse>> ListAsync(Caller caller, CancellationToken cancellationToken)
    {
        var query = db.Tenants.AsNoTracking();
        if (!caller.IsAdministrator)
        {
            query = query.Where(t => t.Id == caller.TenantId);
        }

        return [.. (await query.OrderBy(t => t.NormalizedName).ToListAsync(cancellationToken)).Select(TenantResponse.From)];
    }

    public async Task<Result<TenantResponse>> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        return tenant is not null && caller.CanAccess(tenant.Id) ? TenantResponse.From(tenant) : ApiError.NotFound("The tenant");
    }

    public async Task<Result<TenantResponse>> CreateAsync(TenantRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = TextRules.Name(request.Name, "name", 200, errors);
        var description = TextRules.OptionalText(request.Description, "description", 2000, errors);
        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var normalized = TextRules.Normalize(name!);
        if (await db.Tenants.AnyAsync(t => t.NormalizedName == normalized, cancellationToken))
        {
            return ApiError.Conflict($"A tenant named '{name}' already exists.");
        }

        var tenant = new Tenant
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Name = name!,
            NormalizedName = normalized,
            Description = description,
            IsEnabled = request.IsEnabled,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync(cancellationToken);
        return TenantResponse.From(tenant);
    }

    /// <summary>
    /// The tenant of that name, added when there is none, unsaved: for the administrator's seeding, whose save commits
    /// it with the administrator, in one transaction.
    /// </summary>
    public async Task<Tenant> FindOrAddAsync(string name, CancellationToken cancellationToken)
    {
        var normalized = TextRules.Normalize(name);
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.NormalizedName == normalized, cancellationToken);
        if (tenant is null)
        {
            tenant = new Tenant
            {
                Id = Guid.CreateVersion7(), Name = name, NormalizedName = normalized, CreatedAt = time.GetUtcNow().UtcDateTime,
            };
            db.Tenants.Add(tenant);
        }

        return tenant;
    }

    public async Task<Result<TenantResponse>> UpdateAsync(Guid id, TenantRequest request, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (tenant is null)
        {
            return ApiError.NotFound("The tenant");
        }

        if (!ifMatch(tenant.ConcurrencyStamp))
        {
            return ApiError.PreconditionFailed();
        }

        var errors = new Dictionary<string, string[]>();
        var name = TextRules.Name(request.Name, "name", 200, errors);
        var description = TextRules.OptionalText(request.Description, "description", 2000, errors);
        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var normalized = TextRules.Normalize(name!);
        if (normalized != tenant.NormalizedName && await db.Tenants.AnyAsync(t => t.NormalizedName == normalized, cancellationToken))
        {
            return ApiError.Conflict($"A tenant named '{name}' already exists.");
        }

        tenant.Name = name!;
        tenant.NormalizedName = normalized;
        tenant.Description = description;
        tenant.IsEnabled = request.IsEnabled;
        tenant.ConcurrencyStamp = Guid.NewGuid();
        await db.SaveChangesAsync(cancellationToken);
        // No record carries a tenant's new name yet (tenants are not journalled): the journal's records on this replica
        // name it from now on, other replicas' within the lookup's lifetime.
        journalNames.Remember(JournalNameKind.Tenant, tenant.Id, tenant.Name);
        return TenantResponse.From(tenant);
    }

    public async Task<ApiError?> DeleteAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (tenant is null)
        {
            return ApiError.NotFound("The tenant");
        }

        if (tenant.Id == caller.TenantId)
        {
            return ApiError.Conflict("You cannot remove the tenant you are signed in to.");
        }

        foreach (var holder in holders)
        {
            if (await holder.HoldsRowsOfAsync(id, cancellationToken))
            {
                return ApiError.Conflict("The tenant still has users or projects; remove them first.");
            }
        }

        db.Tenants.Remove(tenant);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }
}
