using Docket.Contracts.DataSets;

namespace Docket.Server.Features.DataSets;

/// <summary>The dataset contract made from the stored dataset and its current version.</summary>
public static class DataSetResponses
{
    extension(DataSetResponse)
    {
        public static DataSetResponse From(DataSet d, DataSetVersion? current) =>
            new(d.Id, d.TenantId, d.ProjectId, d.SchemeId, d.Name, d.Description,
                current is null ? null : DataSetVersionResponse.From(current, withScheme: false),
                d.CreatedAt, d.UpdatedAt,
                Common.ETags.From(d.ConcurrencyStamp));
    }
}
