using Docket.Server.Common;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.ModelTypes;

/// <summary>What other areas read of model types: through here, never the table (docs/architecture.md, "Crossing areas").</summary>
public sealed class ModelTypeQueries(DocketDbContext db)
{
    /// <summary>
    /// The type, untracked, if objects of <paramref name="tenantId"/> may use it: a built-in one or the tenant's own.
    /// Another tenant's is missing, as the API reports it.
    /// </summary>
    public async Task<ModelType?> FindForTenantAsync(Guid tenantId, Guid modelTypeId, CancellationToken cancellationToken)
    {
        var type = await db.ModelTypes.AsNoTracking().FirstOrDefaultAsync(t => t.Id == modelTypeId, cancellationToken);
        return type is not null && (type.TenantId is null || type.TenantId == tenantId) ? type : null;
    }

    /// <summary>The type a robot names, in its tenant: the tenant's own or a built-in one (names are unique across both).</summary>
    public Task<ModelType?> FindByNameAsync(Guid tenantId, string name, CancellationToken cancellationToken)
    {
        var normalized = TextRules.Normalize(name.Trim());
        return db.ModelTypes.AsNoTracking()
            .FirstOrDefaultAsync(t => (t.TenantId == null || t.TenantId == tenantId) && t.NormalizedName == normalized, cancellationToken);
    }

    /// <summary>The type, untracked, if the caller may see it.</summary>
    public async Task<ModelType?> FindAsync(Caller caller, Guid modelTypeId, CancellationToken cancellationToken)
    {
        var type = await db.ModelTypes.AsNoTracking().FirstOrDefaultAsync(t => t.Id == modelTypeId, cancellationToken);
        return type is not null && (type.TenantId is null || caller.CanAccess(type.TenantId)) ? type : null;
    }
}
