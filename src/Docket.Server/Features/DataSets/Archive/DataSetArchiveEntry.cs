namespace Docket.Server.Features.DataSets.Archive;

/// <summary>What the image pass of a build reads of an item: its page, and what its progress events name.</summary>
internal sealed record DataSetArchiveEntry(
    int Ordinal, Guid? ImageId, string ImageName, string ImageSha256, int PageNumber, string PageBlob, string PageContentType);
