using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Markings;

/// <summary>What other areas read of markings: through here, never the table (docs/architecture.md, "Crossing areas").</summary>
public sealed class MarkingQueries(DocketDbContext db)
{
    /// <summary>
    /// The scheme's markings, untracked and not yet run: a query for the caller to join into its own, so that it stays
    /// one SQL statement (a dataset's draft joins it with the project's images).
    /// </summary>
    public IQueryable<Marking> UnderScheme(Guid schemeId) => db.Markings.AsNoTracking().Where(m => m.SchemeId == schemeId);
}
