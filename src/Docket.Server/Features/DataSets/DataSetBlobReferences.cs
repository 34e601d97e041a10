using Docket.Server.Storage;
using Docket.Server.Storage.Blobs;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.DataSets;

/// <summary>Dataset versions keep their items' pages (even after the image is removed); archives keep their zip.</summary>
internal sealed class DataSetBlobReferences : IBlobReferences
{
    public async Task<IReadOnlyCollection<string>> FindReferencedAsync(DocketDbContext db, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var pages = await db.DataSetItems.Where(i => keys.Contains(i.PageBlob)).Select(i => i.PageBlob).Distinct().ToListAsync(cancellationToken);
        var archives = await db.DataSetArchives.Where(a => a.Blob != null && keys.Contains(a.Blob)).Select(a => a.Blob!).Distinct().ToListAsync(cancellationToken);
        return [.. pages, .. archives];
    }
}
