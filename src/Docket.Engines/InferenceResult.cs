using Docket.Engines.Messages;

namespace Docket.Engines;

/// <summary>What became of one page sent to a warm engine.</summary>
public sealed record InferenceResult
{
    public required InferenceOutcome Outcome { get; init; }

    /// <summary>The id the page was sent with.</summary>
    public required string Id { get; init; }

    public IReadOnlyList<ExtractedField> Fields { get; init; } = [];

    /// <summary>The engine's error, or why there was no answer.</summary>
    public string? Reason { get; init; }

    public TimeSpan Duration { get; init; }
}
