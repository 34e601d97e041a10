using Docket.Contracts.DataSets;
using Docket.Contracts.DataSets.Archive;
using Docket.Server.Common;
using Docket.Server.Features.MarkingSchemes;
using Docket.Server.Features.Projects;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.DataSets;

/// <summary>
/// What other areas ask of datasets: whether a project or a marking scheme still has any, a dataset version by number,
/// and a version's built archive (docs/architecture.md, "Crossing areas").
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

    /// <summary>
    /// The marking scheme dataset version <paramref name="versionId"/> froze, as its archive's <c>scheme.json</c> has it
    /// (what an engine is told to read); null when the version is not <paramref name="tenantId"/>'s.
    /// </summary>
    public async Task<DataSetArchiveFormat.Scheme?> VersionSchemeAsync(Guid tenantId, Guid versionId, CancellationToken cancellationToken)
    {
        var dataSets = db.DataSets;
        var scheme = await db.DataSetVersions.AsNoTracking()
            .Where(v => v.Id == versionId && dataSets.Any(d => d.Id == v.DataSetId && d.TenantId == tenantId))
            .Select(v => v.Scheme)
            .FirstOrDefaultAsync(cancellationToken);
        return scheme is null ? null : DataSetSchemeSnapshot.FromJson(scheme).ToArchive();
    }

    public async Task<string?> RefusalAsync(Guid schemeId, CancellationToken cancellationToken) =>
        await db.DataSets.AnyAsync(d => d.SchemeId == schemeId, cancellationToken)
            ? "The marking scheme is used by datasets; remove them before the scheme."
            : null;

    /// <summary>
    /// The built archive of dataset version <paramref name="versionId"/> of <paramref name="tenantId"/>, for a command
    /// that sends it to an agent: the newest Ready build in the newest format; null when the version has none (or is
    /// another tenant's), so the caller asks for a build first.
    /// </summary>
    public async Task<DataSetArchiveFile?> BuiltArchiveAsync(Guid tenantId, Guid versionId, CancellationToken cancellationToken)
    {
        var archive = await db.DataSetArchives.AsNoTracking()
            .Where(a => a.TenantId == tenantId && a.VersionId == versionId && a.State == DataSetArchiveState.Ready && a.Blob != null && a.Size != null)
            .OrderByDescending(a => a.FormatVersion).ThenByDescending(a => a.CompletedAt)
            .Select(a => new { a.Blob, a.Size, a.DataSetId, a.VersionNumber })
            .FirstOrDefaultAsync(cancellationToken);
        if (archive is null)
        {
            return null;
        }

        var name = await db.DataSets.AsNoTracking().Where(d => d.Id == archive.DataSetId).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken);
        return name is null
            ? null
            : new DataSetArchiveFile(archive.Blob!, archive.Size!.Value, archive.Blob!, $"{DownloadNames.Of(name, "dataset")}-v{archive.VersionNumber}.zip");
    }
}
