namespace Docket.Contracts.Images;

public sealed record ImageResponse(
    Guid Id,
    Guid TenantId,
    Guid ProjectId,
    string Name,
    string OriginalName,
    string ContentType,
    long Size,
    string Sha256,
    int PageNumber,
    int PageCount,
    string PageContentType,
    int Width,
    int Height,
    double? DpiX,
    double? DpiY,
    int Rotation,
    string OperationKey,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string ETag);
