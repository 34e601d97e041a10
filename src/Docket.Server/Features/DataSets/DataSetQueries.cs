using Docket.Server.Features.MarkingSchemes;
using Docket.Server.Features.Projects;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.DataSets;

/// <summary>What other areas ask of datasets: whether a project or a marking scheme still has any (docs/architecture.md, "Crossing areas").</summary>
public sealed class DataSetQueries(DocketDbContext db) : IProjectRemovalCheck, IMarkingSchemeRemovalCheck
{
    public Task<bool> HoldsAnyAsync(Guid projectId, CancellationToken cancellationToken) =>
        db.DataSets.AnyAsync(d => d.ProjectId == projectId, cancellationToken);

    public async Task<string?> RefusalAsync(Guid schemeId, CancellationToken cancellationToken) =>
        await db.DataSets.AnyAsync(d => d.SchemeId == schemeId, cancellationToken)
            ? "The marking scheme is used by datasets; remove them before the scheme."
            : null;
}
