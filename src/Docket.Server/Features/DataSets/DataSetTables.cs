using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.DataSets;

/// <summary>This area's tables on the one context: storage knows no area, so each area names its own sets.</summary>
public static class DataSetTables
{
    extension(DocketDbContext db)
    {
        public DbSet<DataSet> DataSets => db.Set<DataSet>();
        public DbSet<DataSetVersion> DataSetVersions => db.Set<DataSetVersion>();
        public DbSet<DataSetItem> DataSetItems => db.Set<DataSetItem>();
        public DbSet<DataSetArchive> DataSetArchives => db.Set<DataSetArchive>();
    }
}
