using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Roles;

/// <summary>This area's tables on the one context: storage knows no area, so each area names its own sets.</summary>
public static class RoleTables
{
    extension(DocketDbContext db)
    {
        public DbSet<Role> Roles => db.Set<Role>();
        public DbSet<RolePermission> RolePermissions => db.Set<RolePermission>();
    }
}
