using Docket.Events;

namespace Docket.Server.Journal;

/// <summary>
/// One record of the append-only journal. <see cref="Sequence"/> and <see cref="Signature"/> are
/// assigned by <see cref="JournalAppender"/> inside the committing transaction, so they follow commit order.
/// </summary>
public sealed class JournalRecord
{
    public long Sequence { get; set; }
    public required Guid Id { get; init; }
    public required int Code { get; init; }
    public required string Name { get; init; }
    public required int Group { get; init; }
    public required EventClass Class { get; init; }
    public required DateTime OccurredAt { get; init; }
    public DateTime RecordedAt { get; set; }
    public Guid? TenantId { get; init; }
    public Guid? ProjectId { get; init; }

    /// <summary>
    /// The tenant's name when the record was made, so an envelope reads the same after a rename or a removal. Null
    /// in records made before names were recorded (the export then looks up today's name).
    /// </summary>
    public string? TenantName { get; set; }

    /// <summary>The project's name when the record was made; null as <see cref="TenantName"/> is.</summary>
    public string? ProjectName { get; set; }
    public Guid? UserId { get; init; }
    public string? UserLogin { get; init; }
    public string? ClientIp { get; init; }
    public required string NodeId { get; init; }
    public required string OperationKey { get; init; }
    public string? EntityKind { get; init; }
    public string? EntityId { get; init; }
    public string? Text { get; init; }

    /// <summary>The entity's state as JSON, kept verbatim (text, not jsonb) so its signature stays verifiable.</summary>
    public string? Data { get; init; }

    /// <summary>W3C trace id of the request that caused the event; exported as Diagnostic-Id.</summary>
    public string? TraceId { get; init; }

    /// <summary>Base64 HMAC-SHA256 over the canonical form and the previous record's signature.</summary>
    public string Signature { get; set; } = string.Empty;
}
