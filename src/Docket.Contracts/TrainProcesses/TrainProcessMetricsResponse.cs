namespace Docket.Contracts.TrainProcesses;

/// <summary>
/// A page of a run's metrics as series for charts. <see cref="OperationKey"/> names the run (null when the process never
/// ran); pass <see cref="NextCursor"/> as cursor for the points that follow, and merge the series by name.
/// </summary>
public sealed record TrainProcessMetricsResponse(string? OperationKey, IReadOnlyList<TrainProcessMetricSeries> Series, string? NextCursor);
