using System.Collections.Concurrent;
using Docket.Server.Storage;

namespace Docket.Server.Journal;

/// <summary>
/// The journal's own lookup of tenant and project names. At record time it fills the names a staged record does not
/// carry, so that the record keeps them whatever happens to the tenant or project later; for records made before
/// names were recorded, it answers today's names. Names come from the owning areas (<see cref="IJournalNameSource"/>)
/// and are kept a few seconds per id, so an append adds no query once an id has been seen. A name the owning area
/// changes travels in its own record (<see cref="JournalEvent.ProjectName"/>) and replaces the kept one when that
/// record commits, so on this replica the next record already carries it; another replica sees it within
/// <see cref="Lifetime"/>.
/// </summary>
public sealed class JournalNames(IEnumerable<IJournalNameSource> sources, TimeProvider time)
{
    /// <summary>How long a name is kept before it is read again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    // A bound, not a working-set estimate: past it everything is forgotten and read again as needed.
    private const int MaxEntries = 10_000;

    private readonly Dictionary<JournalNameKind, IJournalNameSource> byKind = sources.ToDictionary(s => s.Kind);
    private readonly ConcurrentDictionary<Guid, Kept> tenants = new();
    private readonly ConcurrentDictionary<Guid, Kept> projects = new();

    /// <summary>Fills the tenant and project names <paramref name="records"/> lack: kept ones first, then one read per kind.</summary>
    public async Task FillAsync(DocketDbContext db, IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        HashSet<Guid>? missingTenants = null;
        HashSet<Guid>? missingProjects = null;
        foreach (var record in records)
        {
            if (record.TenantId is { } tenant && record.TenantName is null)
            {
                if (TryKept(tenants, tenant, now, out var name))
                {
                    record.TenantName = name;
                }
                else
                {
                    (missingTenants ??= []).Add(tenant);
                }
            }

            if (record.ProjectId is { } project && record.ProjectName is null)
            {
                if (TryKept(projects, project, now, out var name))
                {
                    record.ProjectName = name;
                }
                else
                {
                    (missingProjects ??= []).Add(project);
                }
            }
        }

        if (missingTenants is null && missingProjects is null)
        {
            return;
        }

        var foundTenants = missingTenants is null ? null : await ReadAsync(db, JournalNameKind.Tenant, missingTenants, now, cancellationToken);
        var foundProjects = missingProjects is null ? null : await ReadAsync(db, JournalNameKind.Project, missingProjects, now, cancellationToken);
        foreach (var record in records)
        {
            if (record.TenantName is null && record.TenantId is { } tenant && foundTenants?.GetValueOrDefault(tenant) is { } tenantName)
            {
                record.TenantName = tenantName;
            }

            if (record.ProjectName is null && record.ProjectId is { } project && foundProjects?.GetValueOrDefault(project) is { } projectName)
            {
                record.ProjectName = projectName;
            }
        }
    }

    /// <summary>Today's names of <paramref name="ids"/> (those that still exist), for records made before names were recorded.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> CurrentAsync(
        DocketDbContext db, JournalNameKind kind, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var kept = KeptOf(kind);
        var names = new Dictionary<Guid, string>();
        var missing = new HashSet<Guid>();
        foreach (var id in ids)
        {
            if (TryKept(kept, id, now, out var name))
            {
                if (name is not null)
                {
                    names[id] = name;
                }
            }
            else
            {
                missing.Add(id);
            }
        }

        if (missing.Count > 0)
        {
            foreach (var (id, name) in await ReadAsync(db, kind, missing, now, cancellationToken))
            {
                names[id] = name;
            }
        }

        return names;
    }

    /// <summary>A name the owning area has just committed: kept at once, so this replica's next records carry it.</summary>
    public void Remember(JournalNameKind kind, Guid id, string name) => Keep(KeptOf(kind), id, name, time.GetUtcNow());

    private async Task<IReadOnlyDictionary<Guid, string>> ReadAsync(
        DocketDbContext db, JournalNameKind kind, HashSet<Guid> ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!byKind.TryGetValue(kind, out var source))
        {
            return new Dictionary<Guid, string>();
        }

        var found = await source.FindAsync(db, ids, cancellationToken);
        var kept = KeptOf(kind);
        foreach (var id in ids)
        {
            // Ids not found are kept too (as no name), so a record about something removed costs no read each time.
            Keep(kept, id, found.GetValueOrDefault(id), now);
        }

        return found;
    }

    private ConcurrentDictionary<Guid, Kept> KeptOf(JournalNameKind kind) => kind == JournalNameKind.Tenant ? tenants : projects;

    private static bool TryKept(ConcurrentDictionary<Guid, Kept> kept, Guid id, DateTimeOffset now, out string? name)
    {
        if (kept.TryGetValue(id, out var entry) && entry.Until > now)
        {
            name = entry.Name;
            return true;
        }

        name = null;
        return false;
    }

    private static void Keep(ConcurrentDictionary<Guid, Kept> kept, Guid id, string? name, DateTimeOffset now)
    {
        if (kept.Count >= MaxEntries)
        {
            kept.Clear();
        }

        kept[id] = new Kept(name, now + Lifetime);
    }

    private sealed record Kept(string? Name, DateTimeOffset Until);
}
