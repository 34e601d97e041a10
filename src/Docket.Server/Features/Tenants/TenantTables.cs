using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Tenants;

/// <summary>This area's tables on the one context: storage knows no area, so each area names its own sets.</summary>
public static class TenantTables
{
    extension(DocketDbContext db)
    {
        public DbSet<Tenant> Tenants => db.Set<Tenant>();
    }
}
