namespace Docket.Engines.Messages;

/// <summary>How far the run is: <see cref="Step"/> of <see cref="Total"/> (iterations, pages), with a short text.</summary>
public sealed record EngineProgress : EngineMessage
{
    public required long Step { get; init; }
    public long? Total { get; init; }
    public string? Text { get; init; }
}
