namespace Docket.Server.Features.ModelTemplates;

/// <summary>
/// An area that names model templates (training templates), asked before a template is removed: a template in use is
/// refused, not cascaded. The areas depend on model templates, so they answer through this, registered in DI.
/// </summary>
public interface IModelTemplateRemovalCheck
{
    /// <summary>Why the template cannot be removed, in words for the caller; null when this area does not name it.</summary>
    Task<string?> RefusalAsync(Guid modelTemplateId, CancellationToken cancellationToken);
}
