namespace Docket.Contracts.Markings;

/// <summary>
/// Body of <c>PUT /api/v1/images/{imageId}/markings/{schemeId}</c>: fields by name, as a robot or a person reads
/// them. An extraction marking gives <see cref="Fields"/>; a classifier marking gives <see cref="DocumentType"/> only.
/// </summary>
public sealed record MarkingRequest
{
    public IReadOnlyList<MarkingValueRequest>? Fields { get; init; }

    /// <summary>For a classifier scheme: the name of the field (document type) the image is.</summary>
    public string? DocumentType { get; init; }
}
