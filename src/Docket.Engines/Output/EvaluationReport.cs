namespace Docket.Engines.Output;

/// <summary>What an evaluation leaves in <c>output/evaluation.json</c>: scores per field, and over all fields.</summary>
public sealed record EvaluationReport
{
    public required IReadOnlyList<FieldScores> Fields { get; init; }
    public IReadOnlyDictionary<string, double>? Scores { get; init; }
}
