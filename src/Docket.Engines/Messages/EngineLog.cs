namespace Docket.Engines.Messages;

/// <summary>A log line of the engine; also what a stderr line, a line that is no message, or a cut line becomes.</summary>
public sealed record EngineLog : EngineMessage
{
    public EngineLogLevel Level { get; init; } = EngineLogLevel.Info;
    public required string Text { get; init; }
}
