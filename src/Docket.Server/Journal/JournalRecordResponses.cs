using System.Text.Json;
using Docket.Contracts.Journal;

namespace Docket.Server.Journal;

/// <summary>The record contract made from the stored record: the contracts assembly cannot know the entity.</summary>
public static class JournalRecordResponses
{
    extension(JournalRecordResponse)
    {
        public static JournalRecordResponse From(JournalRecord r) => new(
            r.Sequence, r.Id, r.Code, r.Name, r.Group, r.Class, r.OccurredAt,
            r.RecordedAt, r.TenantId, r.ProjectId, r.UserId, r.UserLogin, r.ClientIp,
            r.NodeId, r.OperationKey, r.EntityKind, r.EntityId, r.Text, ParseData(r.Data), r.TraceId, r.Signature);
    }

    private static JsonElement? ParseData(string? data)
    {
        if (data is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(data);
        return document.RootElement.Clone();
    }
}
