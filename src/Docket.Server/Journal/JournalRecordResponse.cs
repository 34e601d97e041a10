using System.Text.Json;
using Docket.Events;

namespace Docket.Server.Journal;

/// <summary>A journal record as the API, the NDJSON download and the live tail show it.</summary>
public sealed record JournalRecordResponse(
    long Sequence,
    Guid Id,
    int Code,
    string Name,
    int Group,
    EventClass Class,
    DateTime OccurredAt,
    DateTime RecordedAt,
    Guid? TenantId,
    Guid? ProjectId,
    Guid? UserId,
    string? UserLogin,
    string? ClientIp,
    string NodeId,
    string OperationKey,
    string? EntityKind,
    string? EntityId,
    string? Text,
    JsonElement? Data,
    string? TraceId,
    string Signature)
{
    public static JournalRecordResponse From(JournalRecord r) => new(
        r.Sequence, r.Id, r.Code, r.Name, r.Group, r.Class, r.OccurredAt,
        r.RecordedAt, r.TenantId, r.ProjectId, r.UserId, r.UserLogin, r.ClientIp,
        r.NodeId, r.OperationKey, r.EntityKind, r.EntityId, r.Text, ParseData(r.Data), r.TraceId, r.Signature);

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
