using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Journal;

/// <summary>This area's tables on the one context: storage knows no area, so each area names its own sets.</summary>
public static class JournalTables
{
    extension(DocketDbContext db)
    {
        public DbSet<JournalRecord> JournalRecords => db.Set<JournalRecord>();
        public DbSet<JournalHead> JournalHeads => db.Set<JournalHead>();
    }
}
