using Docket.Server.Storage;
using Docket.Server.Storage.Blobs;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Models;

/// <summary>Model versions keep their package's blob; a removed version's is left to the collector.</summary>
internal sealed class ModelBlobReferences : IBlobReferences
{
    public async Task<IReadOnlyCollection<string>> FindReferencedAsync(DocketDbContext db, IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        await db.ModelVersions.Where(v => keys.Contains(v.PackageBlob)).Select(v => v.PackageBlob).Distinct().ToListAsync(cancellationToken);
}
