using Docket.Server.Features.Projects;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.MarkingSchemes;

/// <summary>What other areas read of marking schemes: through here, never the tables (docs/architecture.md, "Crossing areas").</summary>
public sealed class MarkingSchemeQueries(DocketDbContext db) : IProjectRemovalCheck
{
    /// <summary>The project's scheme with its fields, untracked; null when the project has no such scheme.</summary>
    public Task<MarkingScheme?> FindInProjectAsync(Guid schemeId, Guid projectId, CancellationToken cancellationToken) =>
        db.MarkingSchemes.AsNoTracking().Include(s => s.Fields).FirstOrDefaultAsync(s => s.Id == schemeId && s.ProjectId == projectId, cancellationToken);

    /// <summary>The scheme, untracked and without its fields, if it is <paramref name="tenantId"/>'s; another tenant's is missing.</summary>
    public Task<MarkingScheme?> FindForTenantAsync(Guid tenantId, Guid schemeId, CancellationToken cancellationToken) =>
        db.MarkingSchemes.AsNoTracking().FirstOrDefaultAsync(s => s.Id == schemeId && s.TenantId == tenantId, cancellationToken);

    /// <summary>The schemes named, with their fields, untracked, by id.</summary>
    public async Task<Dictionary<Guid, MarkingScheme>> WithFieldsAsync(IReadOnlyCollection<Guid> schemeIds, CancellationToken cancellationToken) =>
        await db.MarkingSchemes.AsNoTracking().Include(s => s.Fields).Where(s => schemeIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);

    /// <summary>Whether the project has a scheme of that normalized name (names are unique in a project).</summary>
    public Task<bool> NameTakenAsync(Guid projectId, string normalizedName, CancellationToken cancellationToken) =>
        db.MarkingSchemes.AnyAsync(s => s.ProjectId == projectId && s.NormalizedName == normalizedName, cancellationToken);

    public Task<bool> HoldsAnyAsync(Guid projectId, CancellationToken cancellationToken) =>
        db.MarkingSchemes.AnyAsync(s => s.ProjectId == projectId, cancellationToken);
}
