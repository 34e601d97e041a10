namespace Docket.Server.Features.MarkingSchemes;

/// <summary>
/// An area that keeps rows under marking schemes (markings, datasets), asked before a scheme is removed: they are
/// people's work, so a scheme in use is refused, not cascaded. The areas depend on schemes, so they answer through this,
/// registered in DI, and the scheme area never reads their tables. The first refusal, in registration order, is given.
/// </summary>
public interface IMarkingSchemeRemovalCheck
{
    /// <summary>Why the scheme may not be removed (the problem's detail), or null when this area holds nothing under it.</summary>
    Task<string?> RefusalAsync(Guid schemeId, CancellationToken cancellationToken);
}
