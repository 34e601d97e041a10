using Docket.Engines.Messages;

namespace Docket.Engines.Output;

/// <summary>One line of <c>output/predictions.ndjson</c>: a test page, named as the dataset names it, and what was read from it.</summary>
public sealed record PagePrediction
{
    /// <summary>The SHA-256 of the item's original, as the dataset's <c>items.ndjson</c> has it.</summary>
    public required string Sha256 { get; init; }

    public required int Page { get; init; }
    public required IReadOnlyList<ExtractedField> Fields { get; init; }
}
