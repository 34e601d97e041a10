using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.ApiKeys;

/// <summary>This area's tables on the one context: storage knows no area, so each area names its own sets.</summary>
public static class ApiKeyTables
{
    extension(DocketDbContext db)
    {
        public DbSet<ApiKey> ApiKeys => db.Set<ApiKey>();
    }
}
