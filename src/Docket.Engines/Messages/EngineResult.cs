namespace Docket.Engines.Messages;

/// <summary>The engine's last word on a training or evaluation run: its status, its reason when failed, final metrics.</summary>
public sealed record EngineResult : EngineMessage
{
    public required EngineResultStatus Status { get; init; }
    public string? Reason { get; init; }
    public IReadOnlyDictionary<string, double>? Metrics { get; init; }
}
