namespace Docket.Server.Features.Agents.Launches;

/// <summary>One metrics line of the engine: named values at a step (absent when the engine gave none), by the agent's clock.</summary>
public sealed record LaunchMetrics(DateTime Time, long? Step, IReadOnlyDictionary<string, double> Values);
