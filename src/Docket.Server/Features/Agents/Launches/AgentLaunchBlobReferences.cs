using Docket.Server.Storage;
using Docket.Server.Storage.Blobs;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Agents.Launches;

/// <summary>An uploaded output is kept until its launch is forgotten: the process area takes the same blob as its own.</summary>
internal sealed class AgentLaunchBlobReferences : IBlobReferences
{
    public async Task<IReadOnlyCollection<string>> FindReferencedAsync(DocketDbContext db, IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        await db.AgentLaunchOutputs.Where(o => keys.Contains(o.BlobKey)).Select(o => o.BlobKey).Distinct().ToListAsync(cancellationToken);
}
