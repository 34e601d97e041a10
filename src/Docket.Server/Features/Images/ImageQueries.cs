using Docket.Server.Features.Projects;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Images;

/// <summary>What other areas read of images: through here, never the table (docs/architecture.md, "Crossing areas").</summary>
public sealed class ImageQueries(DocketDbContext db) : IProjectRemovalCheck
{
    /// <summary>The image, untracked, if the caller may see it; another tenant's is missing, as the API reports it.</summary>
    public async Task<ImageData?> FindAsync(Caller caller, Guid imageId, CancellationToken cancellationToken)
    {
        var image = await db.Images.AsNoTracking().FirstOrDefaultAsync(i => i.Id == imageId, cancellationToken);
        return image is not null && caller.CanAccess(image.TenantId) ? image : null;
    }

    /// <summary>
    /// The project's images, untracked and not yet run: a query for the caller to narrow, project and join into its own,
    /// so that it stays one SQL statement (a dataset's draft joins it with the scheme's markings).
    /// </summary>
    public IQueryable<ImageData> InProject(Guid projectId) => db.Images.AsNoTracking().Where(i => i.ProjectId == projectId);

    public Task<bool> HoldsAnyAsync(Guid projectId, CancellationToken cancellationToken) =>
        db.Images.AnyAsync(i => i.ProjectId == projectId, cancellationToken);
}
