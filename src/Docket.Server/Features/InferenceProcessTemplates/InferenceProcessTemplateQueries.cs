using Docket.Server.Features.MarkingSchemes;
using Docket.Server.Features.Models;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.InferenceProcessTemplates;

/// <summary>
/// What other areas ask of inference templates (docs/architecture.md, "Crossing areas"): a tenant's template, as an
/// inference process will name it; and whether a model or a marking scheme is still used by one.
/// </summary>
public sealed class InferenceProcessTemplateQueries(DocketDbContext db) : IModelRemovalCheck, IMarkingSchemeRemovalCheck
{
    /// <summary>The template, untracked, if it is <paramref name="tenantId"/>'s; another tenant's is missing.</summary>
    public Task<InferenceProcessTemplate?> FindForTenantAsync(Guid tenantId, Guid templateId, CancellationToken cancellationToken) =>
        db.InferenceProcessTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == templateId && t.TenantId == tenantId, cancellationToken);

    async Task<string?> IModelRemovalCheck.RefusalAsync(Guid modelId, CancellationToken cancellationToken) =>
        await db.InferenceProcessTemplates.AnyAsync(t => t.ModelId == modelId, cancellationToken)
            ? "The model is used by inference templates; remove them or have them serve another model first."
            : null;

    async Task<string?> IMarkingSchemeRemovalCheck.RefusalAsync(Guid schemeId, CancellationToken cancellationToken) =>
        await db.InferenceProcessTemplates.AnyAsync(t => t.MarkingSchemeId == schemeId, cancellationToken)
            ? "The marking scheme is used by inference templates; remove them or have them fill in another scheme first."
            : null;
}
