namespace Docket.Server.Features.Models;

/// <summary>A name on one version of a model (<c>production</c>); unique per model, so setting it again moves it.</summary>
public sealed class ModelTag
{
    public required Guid ModelId { get; init; }
    public required string Name { get; init; }
    public required Guid ModelVersionId { get; set; }
}
