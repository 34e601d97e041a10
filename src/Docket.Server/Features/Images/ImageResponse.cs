using Docket.Server.Common;


namespace Docket.Server.Features.Images;

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
    string ETag)
{
    // Times are stored in UTC, but SQLite gives them back without a kind, and JSON would then lose the zone.
    public static ImageResponse From(ImageData i) =>
        new(i.Id, i.TenantId, i.ProjectId, i.Name, i.OriginalName, i.ContentType, i.Size, i.Sha256, i.PageNumber, i.PageCount,
            i.PageContentType, i.Width, i.Height, i.DpiX, i.DpiY, i.Rotation, i.OperationKey,
            i.CreatedAt, i.UpdatedAt, ETags.From(i.ConcurrencyStamp));
}
