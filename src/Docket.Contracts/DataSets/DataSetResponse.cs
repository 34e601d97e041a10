using Docket.Server.Common;

namespace Docket.Server.Features.DataSets;

public sealed record DataSetResponse(
    Guid Id, Guid TenantId, Guid ProjectId, Guid SchemeId, string Name, string? Description,
    DataSetVersionResponse? CurrentVersion, DateTime CreatedAt, DateTime UpdatedAt, string ETag)
{
    public static DataSetResponse From(DataSet d, DataSetVersion? current) =>
        new(d.Id, d.TenantId, d.ProjectId, d.SchemeId, d.Name, d.Description,
            current is null ? null : DataSetVersionResponse.From(current, withScheme: false),
            d.CreatedAt, d.UpdatedAt,
            Common.ETags.From(d.ConcurrencyStamp));
}
