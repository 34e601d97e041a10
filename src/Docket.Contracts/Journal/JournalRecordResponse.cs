using System.Text.Json;
using Docket.Events;

namespace Docket.Contracts.Journal;

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
    string Signature);
