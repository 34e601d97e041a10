using Docket.Server.Features.Agents;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.InferenceProcesses;

/// <summary>An agent that inference processes run on is not removed: a process left without its machine could neither start nor stop.</summary>
public sealed class InferenceProcessAgentCheck(DocketDbContext db) : IAgentRemovalCheck
{
    public async Task<string?> RefusalAsync(Guid agentId, CancellationToken cancellationToken) =>
        await db.InferenceProcesses.AnyAsync(p => p.AgentId == agentId, cancellationToken)
            ? "Inference processes run on the agent; remove them or move them to another agent first."
            : null;
}
