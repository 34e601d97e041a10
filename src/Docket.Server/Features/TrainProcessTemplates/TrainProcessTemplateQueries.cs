using Docket.Server.Features.ModelTemplates;
using Docket.Server.Features.ModelTypes;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.TrainProcessTemplates;

/// <summary>
/// What other areas ask of training templates (docs/architecture.md, "Crossing areas"): a tenant's template, as a
/// training process and a model version name it; and whether a model type or model template is still used by one.
/// </summary>
public sealed class TrainProcessTemplateQueries(DocketDbContext db) : IModelTypeRemovalCheck, IModelTemplateRemovalCheck
{
    /// <summary>The template, untracked, if it is <paramref name="tenantId"/>'s; another tenant's is missing.</summary>
    public Task<TrainProcessTemplate?> FindForTenantAsync(Guid tenantId, Guid templateId, CancellationToken cancellationToken) =>
        db.TrainProcessTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == templateId && t.TenantId == tenantId, cancellationToken);

    async Task<string?> IModelTypeRemovalCheck.RefusalAsync(Guid modelTypeId, CancellationToken cancellationToken) =>
        await db.TrainProcessTemplates.AnyAsync(t => t.ModelTypeId == modelTypeId, cancellationToken)
            ? "The model type is used by training templates; remove them first."
            : null;

    async Task<string?> IModelTemplateRemovalCheck.RefusalAsync(Guid modelTemplateId, CancellationToken cancellationToken) =>
        await db.TrainProcessTemplates.AnyAsync(t => t.ModelTemplateId == modelTemplateId, cancellationToken)
            ? "The model template is used by training templates; remove them or have them start from another template first."
            : null;
}
