namespace Docket.Server.Features.InferenceProcesses;

/// <summary>
/// One score of a test run: of a field of the scheme, or of the run overall (<see cref="Field"/> null), in the order
/// the engine's evaluation gave them (<see cref="Order"/>).
/// </summary>
public sealed class InferenceTestRunScore
{
    public required Guid TestRunId { get; init; }
    public required int Order { get; init; }
    public string? Field { get; init; }
    public required string Name { get; init; }
    public required double Value { get; init; }
}
