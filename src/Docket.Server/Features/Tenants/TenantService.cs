using Docket.Contracts.Tenants;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Tenants;

/// <summary>
/// Tenants (92000-92004, Docket's own group): created, changed and removed by the cross-tenant Administrator only.
/// Each record belongs to the tenant it is about, so that tenant's own journal readers see what was done to it and
/// no other tenant's do.
/// </summary>
public sealed class TenantService(DocketDbContext db, IJournal journal, IEnumerable<ITenantRowHolder> holders, TimeProvider time)
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
        var response = TenantResponse.From(tenant);
        journal.Record(EventCode.TenantCreated, Describe(tenant, response));
        await db.SaveChangesAsync(cancellationToken);
        return response;
    }

    /// <summary>
    /// The tenant of that name, added when there is none, unsaved: for the administrator's seeding, whose save commits
    /// it with the administrator and its 92000 record, in one transaction (a replica that loses the seeding race
    /// commits none of them).
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
            // Nobody is signed in at startup: the seeding acts as the system, as in the administrator's own records.
            journal.Record(EventCode.TenantCreated, Describe(tenant, TenantResponse.From(tenant)) with { UserLogin = "system" });
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

        var switched = tenant.IsEnabled != request.IsEnabled;
        tenant.Name = name!;
        tenant.NormalizedName = normalized;
        tenant.Description = description;
        tenant.IsEnabled = request.IsEnabled;
        tenant.ConcurrencyStamp = Guid.NewGuid();
        var response = TenantResponse.From(tenant);
        // The record carries the new name, so once it commits the journal's lookup names the tenant by it.
        var details = Describe(tenant, response);
        journal.Record(EventCode.TenantUpdated, details);
        if (switched)
        {
            // Its own code as well: turning a tenant off locks out all its users, which a SIEM watches for by code.
            journal.Record(tenant.IsEnabled ? EventCode.TenantEnabled : EventCode.TenantDisabled, details);
        }

        await db.SaveChangesAsync(cancellationToken);
        return response;
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
        journal.Record(EventCode.TenantRemoved, Describe(tenant, TenantResponse.From(tenant)));
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    private static JournalEvent Describe(Tenant tenant, TenantResponse data) => new()
    {
        // The tenant's own record, whoever acts (the Administrator belongs to another tenant).
        TenantId = tenant.Id,

        // The name as of this change (a rename changes it in this very transaction): the journal keeps it from here on.
        TenantName = tenant.Name,
        EntityKind = nameof(Tenant),
        EntityId = tenant.Id.ToString(),
        Text = tenant.Name,
        Data = data,
    };
}
