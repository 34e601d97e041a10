using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Identity;

/// <summary>This area's tables on the one context: storage knows no area, so each area names its own sets.</summary>
public static class IdentityTables
{
    extension(DocketDbContext db)
    {
        public DbSet<Session> Sessions => db.Set<Session>();
        public DbSet<LoginLockout> LoginLockouts => db.Set<LoginLockout>();
    }
}
