namespace Docket.Engines.Messages;

/// <summary>Values of named series at one step (loss, accuracy, learning rate, anything the engine measures).</summary>
public sealed record EngineMetrics : EngineMessage
{
    public long? Step { get; init; }
    public required IReadOnlyDictionary<string, double> Values { get; init; }
}
