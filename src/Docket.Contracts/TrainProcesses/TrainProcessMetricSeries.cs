namespace Docket.Contracts.TrainProcesses;

/// <summary>One named series of a run (loss, accuracy, learning rate, anything the engine reports), in the order it came.</summary>
public sealed record TrainProcessMetricSeries(string Name, IReadOnlyList<TrainProcessMetricPoint> Points);
