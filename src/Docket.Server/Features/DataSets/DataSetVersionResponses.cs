using Docket.Contracts.DataSets;

namespace Docket.Server.Features.DataSets;

/// <summary>The version contract made from a stored version, with or without its frozen scheme.</summary>
public static class DataSetVersionResponses
{
    extension(DataSetVersionResponse)
    {
        public static DataSetVersionResponse From(DataSetVersion v, bool withScheme) =>
            new(v.Number, v.TrainRatio, v.Seed, v.TrainCount + v.TestCount, v.TrainCount, v.TestCount, v.ContentHash,
                v.CreatedAt, v.CreatedBy, withScheme ? DataSetSchemeSnapshot.FromJson(v.Scheme) : null);
    }
}
