namespace Docket.Contracts.Journal;

/// <summary>
/// The query string of every journal read (page, export, live tail). Lists are comma-separated;
/// codes may be numbers or catalog names, classes numbers or names.
/// </summary>
public sealed record JournalFilter
{
    public DateTime? From { get; init; }
    public DateTime? To { get; init; }
    public string? Codes { get; init; }
    public string? Groups { get; init; }
    public string? Classes { get; init; }
    public string? OperationKey { get; init; }
    public Guid? UserId { get; init; }

    /// <summary>The login as recorded (exact, case-insensitive).</summary>
    public string? User { get; init; }
    public Guid? TenantId { get; init; }
    public Guid? ProjectId { get; init; }
    public string? EntityKind { get; init; }
    public string? EntityId { get; init; }

    /// <summary>Case-insensitive substring of the record's text.</summary>
    public string? Text { get; init; }

    /// <summary>Keyset cursor: a sequence number from a previous page's <c>nextCursor</c>.</summary>
    public long? Cursor { get; init; }
    public int? Limit { get; init; }

    /// <summary><c>desc</c> (newest first, the default for pages) or <c>asc</c>.</summary>
    public string? Order { get; init; }
}
