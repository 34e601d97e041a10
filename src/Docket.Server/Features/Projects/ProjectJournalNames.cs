using Docket.Server.Journal;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Projects;

/// <summary>Projects' names for the journal's records (<see cref="JournalNames"/>): the projects area owns them, so it answers for them.</summary>
internal sealed class ProjectJournalNames : IJournalNameSource
{
    public JournalNameKind Kind => JournalNameKind.Project;

    public async Task<IReadOnlyDictionary<Guid, string>> FindAsync(DocketDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        await db.Projects.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
}
