namespace Docket.Server.Features.Projects;

/// <summary>
/// An area that keeps rows in projects (images, marking schemes, datasets), asked before a project is removed: a
/// project that still holds any is refused, not cascaded, since they are people's work. The areas depend on projects,
/// so they answer through this, registered in DI, and the project area never reads their tables.
/// </summary>
public interface IProjectRemovalCheck
{
    Task<bool> HoldsAnyAsync(Guid projectId, CancellationToken cancellationToken);
}
