using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Images;

/// <summary>This area's tables on the one context: storage knows no area, so each area names its own sets.</summary>
public static class ImageTables
{
    extension(DocketDbContext db)
    {
        public DbSet<ImageData> Images => db.Set<ImageData>();
    }
}
