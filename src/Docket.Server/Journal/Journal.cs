using System.Text.Json;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Storage;
using Microsoft.Extensions.Options;

namespace Docket.Server.Journal;

/// <summary>Turns a feature's <see cref="JournalEvent"/> into a staged <see cref="JournalRecord"/> of the current operation.</summary>
internal sealed class Journal(
    DocketDbContext db,
    JournalOutbox outbox,
    OperationContext operation,
    IOptions<DocketOptions> options,
    TimeProvider time) : IJournal
{
    private static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);

    public void Record(EventCode code, JournalEvent? details = null)
    {
        details ??= new JournalEvent();
        var definition = EventCatalog.Get(code);
        outbox.Stage(new JournalRecord
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Code = definition.NumericCode,
            Name = definition.Name,
            Group = (int)definition.Group,
            Class = definition.Class,
            OccurredAt = JournalClock.Truncate(time.GetUtcNow().UtcDateTime),
            TenantId = details.TenantId ?? operation.TenantId,
            ProjectId = details.ProjectId,
            TenantName = details.TenantName,
            ProjectName = details.ProjectName,
            UserId = details.UserId ?? operation.UserId,
            UserLogin = details.UserLogin ?? operation.UserLogin,
            ClientIp = operation.ClientIp,
            NodeId = options.Value.NodeId,
            OperationKey = operation.OperationKey,
            EntityKind = details.EntityKind,
            EntityId = details.EntityId,
            Text = details.Text,
            Data = details.Data is null ? null : JsonSerializer.Serialize(details.Data, details.Data.GetType(), DataJson),
            TraceId = operation.TraceId,
        });
        if (details is { TenantId: { } tenant, TenantName: { } tenantName })
        {
            outbox.Named(JournalNameKind.Tenant, tenant, tenantName);
        }

        if (details is { ProjectId: { } project, ProjectName: { } projectName })
        {
            outbox.Named(JournalNameKind.Project, project, projectName);
        }
    }

    public async Task RecordNowAsync(EventCode code, JournalEvent? details, CancellationToken cancellationToken)
    {
        Record(code, details);
        await db.SaveChangesAsync(cancellationToken);
    }
}
