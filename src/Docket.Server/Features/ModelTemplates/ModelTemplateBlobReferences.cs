using Docket.Server.Storage;
using Docket.Server.Storage.Blobs;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.ModelTemplates;

/// <summary>Templates keep their package's blob; a replaced or removed package is left to the collector.</summary>
internal sealed class ModelTemplateBlobReferences : IBlobReferences
{
    public async Task<IReadOnlyCollection<string>> FindReferencedAsync(DocketDbContext db, IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        await db.ModelTemplates.Where(t => t.PackageBlob != null && keys.Contains(t.PackageBlob)).Select(t => t.PackageBlob!).Distinct().ToListAsync(cancellationToken);
}
