using Docket.Server.Features.Projects;
using Docket.Server.Features.Tenants;
using Docket.Server.Journal;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Export;

/// <summary>
/// Tenant and project names for one subscription's batches. Consecutive batches name the same few tenants and
/// projects, so only ids not seen lately are looked up; everything is forgotten every few seconds, so a renamed
/// project shows under its new name soon after. Ids that are not found (a removed project) are remembered too, so
/// they are not looked up again for every batch. One batch at a time: not for concurrent use.
/// </summary>
public sealed class ExportNameCache(TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly Dictionary<Guid, string> tenants = [];
    private readonly Dictionary<Guid, string> projects = [];
    private readonly HashSet<Guid> unknownTenants = [];
    private readonly HashSet<Guid> unknownProjects = [];
    private DateTimeOffset filledSince = DateTimeOffset.MinValue;

    /// <summary>The names the batch's records refer to (and others seen lately); valid until the next call.</summary>
    public async Task<ExportNames> NamesAsync(DocketDbContext db, IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - filledSince > Lifetime)
        {
            tenants.Clear();
            projects.Clear();
            unknownTenants.Clear();
            unknownProjects.Clear();
            filledSince = now;
        }

        var tenantIds = Missing(records.Select(r => r.TenantId), tenants, unknownTenants);
        if (tenantIds.Count > 0)
        {
            var found = await db.Tenants.AsNoTracking().Where(t => tenantIds.Contains(t.Id)).Select(t => new { t.Id, t.Name }).ToListAsync(cancellationToken);
            Remember(tenantIds, found.Select(t => (t.Id, t.Name)), tenants, unknownTenants);
        }

        var projectIds = Missing(records.Select(r => r.ProjectId), projects, unknownProjects);
        if (projectIds.Count > 0)
        {
            var found = await db.Projects.AsNoTracking().Where(p => projectIds.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken);
            Remember(projectIds, found.Select(p => (p.Id, p.Name)), projects, unknownProjects);
        }

        return new ExportNames(tenants, projects);
    }

    private static List<Guid> Missing(IEnumerable<Guid?> ids, Dictionary<Guid, string> known, HashSet<Guid> unknown)
    {
        var missing = new HashSet<Guid>();
        foreach (var id in ids)
        {
            if (id is { } key && !known.ContainsKey(key) && !unknown.Contains(key))
            {
                missing.Add(key);
            }
        }

        return [.. missing];
    }

    private static void Remember(List<Guid> asked, IEnumerable<(Guid Id, string Name)> found, Dictionary<Guid, string> known, HashSet<Guid> unknown)
    {
        foreach (var (id, name) in found)
        {
            known[id] = name;
        }

        foreach (var id in asked)
        {
            if (!known.ContainsKey(id))
            {
                unknown.Add(id);
            }
        }
    }
}
