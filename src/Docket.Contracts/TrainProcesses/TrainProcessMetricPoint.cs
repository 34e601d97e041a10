namespace Docket.Contracts.TrainProcesses;

/// <summary>One value of a series: the engine's step (absent when it gave none) and the agent's time.</summary>
public sealed record TrainProcessMetricPoint(long? Step, DateTime Time, double Value);
