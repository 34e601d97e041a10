namespace Docket.Server.Features.Agents;

/// <summary>
/// An area that keeps rows naming an agent (training and inference processes that run on it), asked before the agent
/// is removed: a process left pointing at no machine could be neither started nor stopped, so the removal is refused,
/// not cascaded. Those areas depend on agents, so they answer through this, registered in DI. The first refusal, in
/// registration order, is given.
/// </summary>
public interface IAgentRemovalCheck
{
    /// <summary>Why the agent may not be removed (the problem's detail), or null when this area holds nothing naming it.</summary>
    Task<string?> RefusalAsync(Guid agentId, CancellationToken cancellationToken);
}
