using Docket.Contracts.Export;
using Docket.Events;
using Docket.Server.Storage;
using Docket.Server.Workers;

namespace Docket.Server.Export;

/// <summary>
/// A durable follower of the journal that delivers matching records to one sink. <see cref="Cursor"/> is the last
/// sequence the sink confirmed; it only moves forward after a confirmation, so delivery is at-least-once.
/// </summary>
public sealed class ExportSubscription : ILeased, ITenantOwned
{
    public required Guid Id { get; init; }

    /// <summary>Null: every tenant (the Administrator's subscriptions). Otherwise only that tenant's records.</summary>
    public Guid? TenantId { get; init; }
    public required string Name { get; set; }
    public required string NormalizedName { get; set; }
    public required SinkKind Sink { get; set; }

    /// <summary>The sink's options as JSON; holds secrets (tokens), so it is never shown or exported as is.</summary>
    public required string SinkSettings { get; set; }
    public required string Filter { get; set; }
    public required string Profile { get; set; }
    public int MaxBatchEvents { get; set; }
    public int MaxBatchBytes { get; set; }
    public int LingerMilliseconds { get; set; }

    public SubscriptionState State { get; private set; } = SubscriptionState.Running;
    public long Cursor { get; set; }
    public long DeliveredCount { get; set; }
    public DateTime? LastDeliveredAt { get; set; }
    public string? LastError { get; set; }
    public DateTime? LastErrorAt { get; set; }
    public int ConsecutiveFailures { get; set; }

    /// <summary>The replica delivering this subscription, and until when; another replica takes over only after it lapses.</summary>
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public required DateTime CreatedAt { get; init; }
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public EventCode? Pause() => Move(SubscriptionState.Paused, EventCode.ExportSubscriptionPaused);

    /// <summary>Resuming also clears a failing state: the operator says the receiver is fixed.</summary>
    public EventCode? Resume()
    {
        ConsecutiveFailures = 0;
        return Move(SubscriptionState.Running, EventCode.ExportSubscriptionResumed);
    }

    /// <summary>New settings for a failing subscription: try again, and count the first success as a recovery.</summary>
    public void RetryWithNewSettings()
    {
        if (State == SubscriptionState.Failing)
        {
            ConsecutiveFailures = 0;
            State = SubscriptionState.Retrying;
        }
    }

    /// <summary>A confirmed batch. Coming back from failing or retrying records a recovery.</summary>
    public EventCode? Delivered(long lastSequence, int count, DateTime now)
    {
        Cursor = lastSequence;
        DeliveredCount += count;
        LastDeliveredAt = now;
        ConsecutiveFailures = 0;
        var recovered = State is SubscriptionState.Retrying or SubscriptionState.Failing;
        return State == SubscriptionState.Paused ? null : Move(SubscriptionState.Running, recovered ? EventCode.ExportSubscriptionRecovered : null);
    }

    /// <summary>A refused batch. Only the first permanent failure records an event; retries are visible in the status.</summary>
    public EventCode? Failed(SinkResult result, DateTime now)
    {
        LastError = result.Error;
        LastErrorAt = now;
        ConsecutiveFailures++;
        if (State == SubscriptionState.Paused)
        {
            return null;
        }

        return result.Outcome == SinkOutcome.Permanent
            ? Move(SubscriptionState.Failing, EventCode.ExportSubscriptionFailed)
            : Move(SubscriptionState.Retrying, null);
    }

    /// <summary>Rewinds delivery to just before <paramref name="sequence"/>: what follows is sent again.</summary>
    public EventCode Replay(long sequence)
    {
        Cursor = Math.Max(0, sequence - 1);
        ConsecutiveFailures = 0;
        if (State != SubscriptionState.Paused)
        {
            State = SubscriptionState.Running;
        }

        return EventCode.ExportSubscriptionReplayed;
    }

    private EventCode? Move(SubscriptionState to, EventCode? code)
    {
        if (State == to)
        {
            return null;
        }

        State = to;
        return code;
    }
}
