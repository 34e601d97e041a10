namespace Docket.Server.Features.InferenceProcesses;

/// <summary>
/// One value the engine predicted on a page of a test run's dataset, in the order of its predictions file
/// (<see cref="Sequence"/>, the page cursor): a field, or one cell of a table field.
/// </summary>
public sealed class InferenceTestRunPrediction
{
    public required Guid TestRunId { get; init; }
    public required int Sequence { get; init; }
    public required string Sha256 { get; init; }
    public required int Page { get; init; }
    public required string Field { get; init; }
    public string? Column { get; init; }
    public int? Row { get; init; }
    public string? Text { get; init; }
    public double? Confidence { get; init; }
    public int? BoxX { get; init; }
    public int? BoxY { get; init; }
    public int? BoxWidth { get; init; }
    public int? BoxHeight { get; init; }
}
