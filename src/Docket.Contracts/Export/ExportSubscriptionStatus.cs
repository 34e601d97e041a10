namespace Docket.Contracts.Export;

/// <summary>
/// How a subscription is doing: what it delivered, how far behind the journal it is, and its last error: when it
/// happened, and whether it has cleared (a delivery succeeded after it), so an old failure is not read as a current one.
/// </summary>
public sealed record ExportSubscriptionStatus(
    SubscriptionState State,
    long DeliveredCount,
    long LastDeliveredSequence,
    DateTime? LastDeliveredAt,
    long LagEvents,
    double LagSeconds,
    string? LastError,
    DateTime? LastErrorAt,
    bool LastErrorCleared,
    string? LeaseOwner);
