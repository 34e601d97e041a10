using Docket.Server.Journal;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Tenants;

/// <summary>Tenants' names for the journal's records (<see cref="JournalNames"/>): the tenants area owns them, so it answers for them.</summary>
internal sealed class TenantJournalNames : IJournalNameSource
{
    public JournalNameKind Kind => JournalNameKind.Tenant;

    public async Task<IReadOnlyDictionary<Guid, string>> FindAsync(DocketDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        await db.Tenants.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
}
