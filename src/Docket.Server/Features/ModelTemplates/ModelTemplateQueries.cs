using Docket.Server.Features.ModelTypes;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.ModelTemplates;

/// <summary>
/// What other areas ask of model templates (docs/architecture.md, "Crossing areas"): a template a tenant's object may
/// name, and whether a model type still has templates.
/// </summary>
public sealed class ModelTemplateQueries(DocketDbContext db) : IModelTypeRemovalCheck
{
    /// <summary>The template, untracked, if it is <paramref name="tenantId"/>'s; another tenant's is missing.</summary>
    public Task<ModelTemplate?> FindForTenantAsync(Guid tenantId, Guid templateId, CancellationToken cancellationToken) =>
        db.ModelTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == templateId && t.TenantId == tenantId, cancellationToken);

    public async Task<string?> RefusalAsync(Guid modelTypeId, CancellationToken cancellationToken) =>
        await db.ModelTemplates.AnyAsync(t => t.ModelTypeId == modelTypeId, cancellationToken)
            ? "The model type is used by model templates; remove them or give them another type first."
            : null;
}
