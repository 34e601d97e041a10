using Docket.Contracts.Export;
using Docket.Server.Journal;

namespace Docket.Server.Export;

/// <summary>The records a subscription of <paramref name="tenantId"/> (null: every tenant) with <paramref name="filter"/> takes.</summary>
public sealed class ExportRecordFilter(Guid? tenantId, ExportFilter filter) : IJournalRecordFilter
{
    public IQueryable<JournalRecord> Apply(IQueryable<JournalRecord> records)
    {
        if (tenantId is { } tenant)
        {
            records = records.Where(r => r.TenantId == tenant);
        }

        if (filter.Codes.Count > 0)
        {
            records = records.Where(r => filter.Codes.Contains(r.Code));
        }

        if (filter.Groups.Count > 0)
        {
            records = records.Where(r => filter.Groups.Contains(r.Group));
        }

        if (filter.Classes.Count > 0)
        {
            records = records.Where(r => filter.Classes.Contains(r.Class));
        }

        if (filter.Tenants.Count > 0)
        {
            records = records.Where(r => r.TenantId != null && filter.Tenants.Contains(r.TenantId.Value));
        }

        if (filter.Projects.Count > 0)
        {
            records = records.Where(r => r.ProjectId != null && filter.Projects.Contains(r.ProjectId.Value));
        }

        return records;
    }
}
