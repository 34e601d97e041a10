namespace Docket.Contracts.DataSets;

/// <summary>A version as the API shows it; <see cref="Scheme"/> is left out of the summary in a dataset's own answer.</summary>
public sealed record DataSetVersionResponse(
    int Number, double TrainRatio, int Seed, int ItemCount, int TrainCount, int TestCount, string ContentHash,
    DateTime CreatedAt, Guid? CreatedBy, DataSetSchemeSnapshot? Scheme);
