using Docket.Server.Storage;

namespace Docket.Server.Journal;

/// <summary>
/// Where the journal finds the current names of one kind: implemented and registered by the area that owns them (the
/// tenants area for tenants, the projects area for projects), so the journal reads no area's table and knows no area.
/// </summary>
public interface IJournalNameSource
{
    JournalNameKind Kind { get; }

    /// <summary>
    /// The names of those of <paramref name="ids"/> that exist, read through <paramref name="db"/> (inside the recording
    /// transaction when called at record time, so a change of that transaction shows).
    /// </summary>
    Task<IReadOnlyDictionary<Guid, string>> FindAsync(DocketDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);
}
