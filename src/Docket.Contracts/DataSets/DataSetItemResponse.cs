using Docket.Contracts.Markings;

namespace Docket.Contracts.DataSets;

/// <summary>One item of a version; its marking is keyed by the field ids of the version's scheme.</summary>
public sealed record DataSetItemResponse(
    int Ordinal, DataSetPart Part, Guid? ImageId, string ImageName, string ImageSha256, int PageNumber,
    int Width, int Height, double? DpiX, double? DpiY, int Rotation, MarkingContent Marking);
