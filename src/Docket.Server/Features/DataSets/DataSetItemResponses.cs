using Docket.Contracts.DataSets;
using Docket.Contracts.Markings;

namespace Docket.Server.Features.DataSets;

/// <summary>The item contract made from a stored item of a version.</summary>
public static class DataSetItemResponses
{
    extension(DataSetItemResponse)
    {
        public static DataSetItemResponse From(DataSetItem i) =>
            new(i.Ordinal, i.Part, i.ImageId, i.ImageName, i.ImageSha256, i.PageNumber, i.Width, i.Height, i.DpiX, i.DpiY, i.Rotation,
                MarkingContent.FromJson(i.Marking));
    }
}
