using Docket.Contracts.Markings;
using Docket.Server.Features.Markings;

namespace Docket.Server.Features.DataSets;

/// <summary>One item of a version; its marking is keyed by the field ids of the version's scheme.</summary>
public sealed record DataSetItemResponse(
    int Ordinal, DataSetPart Part, Guid? ImageId, string ImageName, string ImageSha256, int PageNumber,
    int Width, int Height, double? DpiX, double? DpiY, int Rotation, MarkingContent Marking)
{
    public static DataSetItemResponse From(DataSetItem i) =>
        new(i.Ordinal, i.Part, i.ImageId, i.ImageName, i.ImageSha256, i.PageNumber, i.Width, i.Height, i.DpiX, i.DpiY, i.Rotation,
            MarkingContent.FromJson(i.Marking));
}
