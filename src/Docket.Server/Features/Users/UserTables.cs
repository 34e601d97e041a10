using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Users;

/// <summary>This area's tables on the one context: storage knows no area, so each area names its own sets.</summary>
public static class UserTables
{
    extension(DocketDbContext db)
    {
        public DbSet<User> Users => db.Set<User>();
        public DbSet<UserRole> UserRoles => db.Set<UserRole>();
    }
}
