using Docket.Server.Storage;
using Docket.Server.Storage.Blobs;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Scripts;

/// <summary>Scripts keep their package's blob; a replaced or removed package is left to the collector.</summary>
internal sealed class ScriptBlobReferences : IBlobReferences
{
    public async Task<IReadOnlyCollection<string>> FindReferencedAsync(DocketDbContext db, IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        await db.Scripts.Where(s => s.PackageBlob != null && keys.Contains(s.PackageBlob)).Select(s => s.PackageBlob!).Distinct().ToListAsync(cancellationToken);
}
