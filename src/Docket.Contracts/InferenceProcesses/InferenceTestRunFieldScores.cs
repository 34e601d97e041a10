namespace Docket.Contracts.InferenceProcesses;

/// <summary>The scores of one field of the marking scheme, by score name (accuracy, precision, count, ...), as the engine gave them.</summary>
public sealed record InferenceTestRunFieldScores(string Name, IReadOnlyDictionary<string, double> Scores);
