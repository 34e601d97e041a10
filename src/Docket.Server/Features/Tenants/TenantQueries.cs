using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Tenants;

/// <summary>
/// What other areas read of tenants: whether one exists or is enabled (every authenticated request asks), and one
/// found by id or by the name a login names.
/// </summary>
public sealed class TenantQueries(DocketDbContext db)
{
    public Task<Tenant?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);

    public Task<Tenant?> FindByNameAsync(string normalizedName, CancellationToken cancellationToken) =>
        db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.NormalizedName == normalizedName, cancellationToken);

    public Task<bool> ExistsAsync(Guid id, CancellationToken cancellationToken) =>
        db.Tenants.AnyAsync(t => t.Id == id, cancellationToken);

    /// <summary>The id of the tenant of that name, as a query to compose, so that a caller's lookup stays one statement.</summary>
    public IQueryable<Guid> IdsNamed(string normalizedName) =>
        db.Tenants.Where(t => t.NormalizedName == normalizedName).Select(t => t.Id);
}
