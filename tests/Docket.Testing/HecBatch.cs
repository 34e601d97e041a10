namespace Docket.Testing;

/// <summary>
/// One request the <see cref="HecReceiver"/> accepted: its request channel (one per sink instance, so it tells apart the
/// replicas that deliver), when it arrived and its events.
/// </summary>
public sealed record HecBatch(Guid? Channel, DateTimeOffset ReceivedAt, IReadOnlyList<HecEvent> Events)
{
    public IEnumerable<long> Sequences => Events.Select(e => e.Event.GetProperty("x-opt-sequence-number").GetInt64());
}
