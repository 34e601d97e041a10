namespace Docket.Server.Features.Models;

/// <summary>
/// An area that keeps rows naming a version of a model by its number or by a tag (inference templates pin a version
/// or follow a tag), asked before a version or a tag is removed: a template left naming a version or tag that is gone
/// would find nothing to serve at its next launch, so the removal is refused, not cascaded. The areas that answer
/// depend on models, so they answer through this, registered in DI, as <see cref="IModelRemovalCheck"/>; the first
/// refusal, in registration order, is given.
/// </summary>
public interface IModelVersionRemovalCheck
{
    /// <summary>Why version <paramref name="number"/> of the model may not be removed (naming what pins it), or null.</summary>
    Task<string?> VersionRefusalAsync(Guid modelId, int number, CancellationToken cancellationToken);

    /// <summary>
    /// Why the model's <paramref name="tags"/> may not be removed (naming what follows each), or null; asked for a tag
    /// removed on its own and for the tags on a version that is removed, which go with it.
    /// </summary>
    Task<string?> TagRefusalAsync(Guid modelId, IReadOnlyCollection<string> tags, CancellationToken cancellationToken);
}
