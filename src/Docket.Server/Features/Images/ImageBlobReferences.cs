using Docket.Server.Storage;
using Docket.Server.Storage.Blobs;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Images;

/// <summary>
/// Images keep their original, their page and their thumbnail. The original is a blob of its own only when it is not
/// the page (<see cref="ImageData.OriginalBlob"/>): an imported image's claimed hash keeps nobody's file alive.
/// </summary>
internal sealed class ImageBlobReferences : IBlobReferences
{
    public async Task<IReadOnlyCollection<string>> FindReferencedAsync(DocketDbContext db, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var originals = await db.Images.Where(i => i.ContentType != i.PageContentType && keys.Contains(i.Sha256))
            .Select(i => i.Sha256).Distinct().ToListAsync(cancellationToken);
        var pages = await db.Images.Where(i => keys.Contains(i.PageBlob)).Select(i => i.PageBlob).Distinct().ToListAsync(cancellationToken);
        var thumbnails = await db.Images.Where(i => keys.Contains(i.ThumbnailBlob)).Select(i => i.ThumbnailBlob).Distinct().ToListAsync(cancellationToken);
        return [.. originals, .. pages, .. thumbnails];
    }
}
