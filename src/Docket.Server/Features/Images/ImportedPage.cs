namespace Docket.Server.Features.Images;

/// <summary>
/// A page that reaches a project already kept and decoded rather than uploaded (an item of a dataset archive), with
/// what its source says of it: <see cref="ImageService.AddImported"/> makes it an image.
/// </summary>
public sealed record ImportedPage
{
    public required string Name { get; init; }

    /// <summary>The original's hash as the source gives it; an archive carries pages, so the page stands in for its original.</summary>
    public required string Sha256 { get; init; }

    public required long Size { get; init; }

    public required int PageNumber { get; init; }

    public required int PageCount { get; init; }

    public required DecodedPage Page { get; init; }

    public double? DpiX { get; init; }

    public double? DpiY { get; init; }

    public int Rotation { get; init; }
}
