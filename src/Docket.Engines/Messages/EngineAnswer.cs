namespace Docket.Engines.Messages;

/// <summary>An inference engine's answer to the page request of the same <see cref="Id"/>: its fields, or an error.</summary>
public sealed record EngineAnswer : EngineMessage
{
    public required string Id { get; init; }
    public IReadOnlyList<ExtractedField>? Fields { get; init; }

    /// <summary>Set when the engine could not read this page; the engine goes on serving.</summary>
    public string? Error { get; init; }
}
