namespace Docket.Server.Features.DataSets;

/// <summary>A version as the API shows it; <see cref="Scheme"/> is left out of the summary in a dataset's own answer.</summary>
public sealed record DataSetVersionResponse(
    int Number, double TrainRatio, int Seed, int ItemCount, int TrainCount, int TestCount, string ContentHash,
    DateTime CreatedAt, Guid? CreatedBy, DataSetSchemeSnapshot? Scheme)
{
    public static DataSetVersionResponse From(DataSetVersion v, bool withScheme) =>
        new(v.Number, v.TrainRatio, v.Seed, v.TrainCount + v.TestCount, v.TrainCount, v.TestCount, v.ContentHash,
            v.CreatedAt, v.CreatedBy, withScheme ? DataSetSchemeSnapshot.FromJson(v.Scheme) : null);
}
