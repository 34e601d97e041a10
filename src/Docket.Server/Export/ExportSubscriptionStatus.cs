namespace Docket.Server.Export;

/// <summary>How a subscription is doing: what it delivered, how far behind the journal it is, and its last error.</summary>
public sealed record ExportSubscriptionStatus(
    SubscriptionState State,
    long DeliveredCount,
    long LastDeliveredSequence,
    DateTime? LastDeliveredAt,
    long LagEvents,
    double LagSeconds,
    string? LastError,
    DateTime? LastErrorAt,
    string? LeaseOwner);
