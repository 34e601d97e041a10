namespace Docket.Contracts.InferenceProcesses;

/// <summary>Body of a test run: the test dataset's version (of the same tenant, with a built archive) to score the process's model over.</summary>
public sealed record InferenceTestRunRequest
{
    public required Guid DataSetId { get; init; }
    public required int Version { get; init; }
}
