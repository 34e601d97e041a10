namespace Docket.Contracts.Export;

/// <summary>Replay from a sequence number, or from the first record that occurred at or after a time.</summary>
public sealed record ReplayRequest
{
    public long? FromSequence { get; init; }
    public DateTime? FromTime { get; init; }
}
