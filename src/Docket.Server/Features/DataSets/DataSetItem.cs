using Docket.Contracts.DataSets;

namespace Docket.Server.Features.DataSets;

/// <summary>
/// One marked image in a dataset version, copied when the version was made: the page it shows and its marking,
/// so the version stays the same when the image is renamed or re-marked later, or removed.
/// </summary>
public sealed class DataSetItem
{
    public required Guid Id { get; init; }
    public required Guid VersionId { get; init; }

    /// <summary>Position in the version, from 0; archives list items in this order.</summary>
    public required int Ordinal { get; init; }

    public required DataSetPart Part { get; init; }

    /// <summary>The image it came from, while that exists; not a foreign key, so removing the image keeps the version.</summary>
    public Guid? ImageId { get; init; }

    public required string ImageName { get; init; }
    public required string ImageSha256 { get; init; }
    public required string PageBlob { get; init; }
    public required string PageContentType { get; init; }
    public required int PageNumber { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }
    public double? DpiX { get; init; }
    public double? DpiY { get; init; }
    public required int Rotation { get; init; }

    /// <summary>The marking as <see cref="Markings.MarkingContent"/> JSON, keyed by the field ids of <see cref="DataSetVersion.Scheme"/>.</summary>
    public required string Marking { get; init; }
}
