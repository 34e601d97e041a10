namespace Docket.Server.Features.Models;

/// <summary>
/// An area that keeps rows naming a model (inference templates), asked before the model is removed: a template that
/// serves a model would be left serving nothing, so the removal is refused, not cascaded. Those areas depend on
/// models, so they answer through this, registered in DI, and the models area never reads their tables. The first
/// refusal, in registration order, is given.
/// </summary>
public interface IModelRemovalCheck
{
    /// <summary>Why the model may not be removed (the problem's detail), or null when this area holds nothing naming it.</summary>
    Task<string?> RefusalAsync(Guid modelId, CancellationToken cancellationToken);
}
