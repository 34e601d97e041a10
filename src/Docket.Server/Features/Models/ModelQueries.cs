using Docket.Server.Features.ModelTypes;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Models;

/// <summary>
/// What other areas read of models (docs/architecture.md, "Crossing areas"): a model version by id, or by model and
/// tag, as inference templates and training will name them; and whether a model type still has models.
/// </summary>
public sealed class ModelQueries(DocketDbContext db) : IModelTypeRemovalCheck
{
    /// <summary>The model, untracked, if it is <paramref name="tenantId"/>'s; another tenant's is missing.</summary>
    public Task<Model?> FindForTenantAsync(Guid tenantId, Guid modelId, CancellationToken cancellationToken) =>
        db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Id == modelId && m.TenantId == tenantId, cancellationToken);

    /// <summary>The version, untracked, if its model is <paramref name="tenantId"/>'s.</summary>
    public Task<ModelVersion?> FindVersionAsync(Guid tenantId, Guid versionId, CancellationToken cancellationToken)
    {
        var models = db.Models;
        return db.ModelVersions.AsNoTracking()
            .FirstOrDefaultAsync(v => v.Id == versionId && models.Any(m => m.Id == v.ModelId && m.TenantId == tenantId), cancellationToken);
    }

    /// <summary>The version of that number of the model, untracked, if the model is <paramref name="tenantId"/>'s.</summary>
    public Task<ModelVersion?> FindNumberedAsync(Guid tenantId, Guid modelId, int number, CancellationToken cancellationToken)
    {
        var models = db.Models;
        return db.ModelVersions.AsNoTracking()
            .FirstOrDefaultAsync(v => v.ModelId == modelId && v.Number == number && models.Any(m => m.Id == modelId && m.TenantId == tenantId), cancellationToken);
    }

    /// <summary>The version a tag of the model names now, if the model is <paramref name="tenantId"/>'s; null when the tag names none.</summary>
    public Task<ModelVersion?> FindTaggedAsync(Guid tenantId, Guid modelId, string tag, CancellationToken cancellationToken)
    {
        var models = db.Models;
        var tags = db.ModelTags;
        return db.ModelVersions.AsNoTracking()
            .Where(v => v.ModelId == modelId && models.Any(m => m.Id == modelId && m.TenantId == tenantId))
            .FirstOrDefaultAsync(v => tags.Any(t => t.ModelId == modelId && t.Name == tag && t.ModelVersionId == v.Id), cancellationToken);
    }

    public async Task<string?> RefusalAsync(Guid modelTypeId, CancellationToken cancellationToken) =>
        await db.Models.AnyAsync(m => m.ModelTypeId == modelTypeId, cancellationToken)
            ? "The model type is used by models; remove them first."
            : null;
}
