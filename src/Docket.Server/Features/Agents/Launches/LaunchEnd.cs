namespace Docket.Server.Features.Agents.Launches;

/// <summary>
/// The end of a launch, taken once. <paramref name="Metrics"/> are the engine's final ones (training, test run);
/// <paramref name="EvaluationJson"/> is a test run's output/evaluation.json as the agent read it (null otherwise);
/// <paramref name="Outputs"/> holds only the uploads whose bytes match what the end reported, so a missing entry
/// means the output did not arrive whole.
/// </summary>
public sealed record LaunchEnd(
    LaunchOutcome Outcome, string Reason, DateTime Time, IReadOnlyDictionary<string, double> Metrics, string? EvaluationJson,
    int PredictionCount, IReadOnlyDictionary<LaunchOutputRole, LaunchOutput> Outputs);
