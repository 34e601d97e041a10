using Docket.Server.Features.MarkingSchemes;
using Docket.Server.Features.Projects;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.DataSets;

/// <summary>
/// What other areas ask of datasets: whether a project or a marking scheme still has any, and a dataset version by
/// number (docs/architecture.md, "Crossing areas").
/// </summary>
public sealed class DataSetQueries(DocketDbContext db) : IProjectRemovalCheck, IMarkingSchemeRemovalCheck
{
    public Task<bool> HoldsAnyAsync(Guid projectId, CancellationToken cancellationToken) =>
        db.DataSets.AnyAsync(d => d.ProjectId == projectId, cancellationToken);

    /// <summary>
    /// The id of a dataset's version, if the dataset is <paramref name="tenantId"/>'s (what a model version records it
    /// was trained from); null when there is none or it is another tenant's.
    /// </summary>
    public async Task<Guid?> FindVersionIdAsync(Guid tenantId, Guid dataSetId, int number, CancellationToken cancellationToken)
    {
        var dataSets = db.DataSets;
        return await db.DataSetVersions
            .Where(v => v.DataSetId == dataSetId && v.Number == number && dataSets.Any(d => d.Id == dataSetId && d.TenantId == tenantId))
            .Select(v => (Guid?)v.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<string?> RefusalAsync(Guid schemeId, CancellationToken cancellationToken) =>
        await db.DataSets.AnyAsync(d => d.SchemeId == schemeId, cancellationToken)
            ? "The marking scheme is used by datasets; remove them before the scheme."
            : null;
}
