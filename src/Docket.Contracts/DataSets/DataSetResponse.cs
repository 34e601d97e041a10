namespace Docket.Contracts.DataSets;

public sealed record DataSetResponse(
    Guid Id, Guid TenantId, Guid ProjectId, Guid SchemeId, string Name, string? Description,
    DataSetVersionResponse? CurrentVersion, DateTime CreatedAt, DateTime UpdatedAt, string ETag);
