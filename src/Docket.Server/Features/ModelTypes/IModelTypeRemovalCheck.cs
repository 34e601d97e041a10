namespace Docket.Server.Features.ModelTypes;

/// <summary>
/// An area that keeps rows of a model type (model templates, models), asked before a custom type is removed: a type
/// in use is refused, not cascaded. The areas depend on model types, so they answer through this, registered in DI.
/// </summary>
public interface IModelTypeRemovalCheck
{
    /// <summary>Why the type cannot be removed, in words for the caller; null when this area holds none of its rows.</summary>
    Task<string?> RefusalAsync(Guid modelTypeId, CancellationToken cancellationToken);
}
