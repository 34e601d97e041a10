namespace Docket.Engines.Output;

/// <summary>One field's scores from an evaluation (accuracy, precision, recall, count, any the engine gives).</summary>
public sealed record FieldScores
{
    public required string Name { get; init; }
    public required IReadOnlyDictionary<string, double> Scores { get; init; }
}
