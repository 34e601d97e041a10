using Docket.Contracts.DataSets.Archive;
using Docket.Contracts.DataSets;
using Docket.Contracts.Markings;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.DataSets;

/// <summary>
/// A stored version's content hash recomputed from its items, by the recipe of a given archive format version: an
/// archive build writes the current one into its manifest (a version made before format 2 holds a format 1 hash), and
/// the import of a format 1 archive checks its manifest by that version's recipe. Items are read in keyset pages.
/// </summary>
internal static class DataSetVersionHashes
{
    private const int PageSize = 500;

    public static async Task<string> ComputeAsync(
        DocketDbContext db, Guid versionId, DataSetSchemeSnapshot scheme, int formatVersion, CancellationToken cancellationToken)
    {
        using var hasher = new DataSetContentHasher(formatVersion);
        var after = -1;
        while (true)
        {
            var page = await db.DataSetItems.AsNoTracking()
                .Where(i => i.VersionId == versionId && i.Ordinal > after)
                .OrderBy(i => i.Ordinal)
                .Take(PageSize)
                .Select(i => new { i.Ordinal, i.ImageSha256, i.PageNumber, i.Part, i.Marking })
                .ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                return hasher.Finish();
            }

            foreach (var item in page)
            {
                hasher.Append(item.ImageSha256, item.PageNumber, item.Part, scheme.Named(MarkingContent.FromJson(item.Marking)));
            }

            after = page[^1].Ordinal;
        }
    }
}
