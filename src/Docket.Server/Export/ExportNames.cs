using Docket.Server.Journal;
using Docket.Server.Storage;

namespace Docket.Server.Export;

/// <summary>
/// Today's tenant and project names for the records of a batch that were made before records carried their names;
/// a record that carries them is rendered with its own.
/// </summary>
public sealed record ExportNames(IReadOnlyDictionary<Guid, string> Tenants, IReadOnlyDictionary<Guid, string> Projects)
{
    public static readonly ExportNames None = new(new Dictionary<Guid, string>(), new Dictionary<Guid, string>());

    public string? Tenant(Guid? id) => id is { } key && Tenants.TryGetValue(key, out var name) ? name : null;

    public string? Project(Guid? id) => id is { } key && Projects.TryGetValue(key, out var name) ? name : null;

    /// <summary>The names the records lack, from the journal's lookup; no read at all when every record carries its own.</summary>
    public static async Task<ExportNames> ForAsync(JournalNames names, DocketDbContext db, IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken)
    {
        HashSet<Guid>? tenants = null;
        HashSet<Guid>? projects = null;
        foreach (var record in records)
        {
            if (record is { TenantId: { } tenant, TenantName: null })
            {
                (tenants ??= []).Add(tenant);
            }

            if (record is { ProjectId: { } project, ProjectName: null })
            {
                (projects ??= []).Add(project);
            }
        }

        if (tenants is null && projects is null)
        {
            return None;
        }

        return new ExportNames(
            tenants is null ? None.Tenants : await names.CurrentAsync(db, JournalNameKind.Tenant, tenants, cancellationToken),
            projects is null ? None.Projects : await names.CurrentAsync(db, JournalNameKind.Project, projects, cancellationToken));
    }
}
