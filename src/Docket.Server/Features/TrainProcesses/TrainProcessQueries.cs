using Docket.Server.Features.Agents;
using Docket.Server.Features.Models;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.TrainProcesses;

/// <summary>What other areas ask of training processes: whether a model still receives versions from one, or an agent runs one.</summary>
public sealed class TrainProcessQueries(DocketDbContext db) : IModelRemovalCheck, IAgentRemovalCheck
{
    async Task<string?> IModelRemovalCheck.RefusalAsync(Guid modelId, CancellationToken cancellationToken) =>
        await db.TrainProcesses.AnyAsync(p => p.ModelId == modelId, cancellationToken)
            ? "The model receives the versions of training processes; remove them or have them train another model first."
            : null;

    async Task<string?> IAgentRemovalCheck.RefusalAsync(Guid agentId, CancellationToken cancellationToken) =>
        await db.TrainProcesses.AnyAsync(p => p.AgentId == agentId, cancellationToken)
            ? "The agent runs training processes; remove them or move them to another agent first."
            : null;
}
