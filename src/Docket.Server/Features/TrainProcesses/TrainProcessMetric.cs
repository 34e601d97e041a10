namespace Docket.Server.Features.TrainProcesses;

/// <summary>One value the engine reported for a run (15900): a point of the series <see cref="Name"/>, kept for charts.</summary>
public sealed class TrainProcessMetric
{
    /// <summary>The longest series name kept; a longer one is left out of the series (15900 still records the line).</summary>
    public const int MaxNameLength = 100;

    /// <summary>Assigned by the database in arrival order: the order of the points and the metrics cursor.</summary>
    public long Id { get; init; }

    public required Guid ProcessId { get; init; }
    public required string OperationKey { get; init; }

    /// <summary>The agent's time of the metrics line.</summary>
    public required DateTime Time { get; init; }
    public long? Step { get; init; }
    public required string Name { get; init; }
    public required double Value { get; init; }
}
