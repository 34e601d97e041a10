using Docket.Contracts.Images;
using Docket.Server.Common;

namespace Docket.Server.Features.Images;

/// <summary>The image contracts made from the stored image: the contracts assembly cannot know the entity.</summary>
public static class ImageResponses
{
    extension(ImageResponse)
    {
        public static ImageResponse From(ImageData i) =>
            new(i.Id, i.TenantId, i.ProjectId, i.Name, i.OriginalName, i.ContentType, i.Size, i.Sha256, i.PageNumber, i.PageCount,
                i.PageContentType, i.Width, i.Height, i.DpiX, i.DpiY, i.Rotation, i.OperationKey,
                i.CreatedAt, i.UpdatedAt, ETags.From(i.ConcurrencyStamp));
    }
}
