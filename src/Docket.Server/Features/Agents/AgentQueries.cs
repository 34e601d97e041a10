using Docket.Contracts.Agents;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Agents;

/// <summary>What other areas may read of an agent: a tenant's agent by id, with its state now.</summary>
public sealed class AgentQueries(DocketDbContext db, TimeProvider time, IOptions<AgentOptions> options)
{
    /// <summary>Agent <paramref name="id"/> of <paramref name="tenantId"/>, or null when there is none (or it is another tenant's).</summary>
    public async Task<AgentSummary?> FindAsync(Guid id, Guid tenantId, CancellationToken cancellationToken)
    {
        var agent = await db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.TenantId == tenantId, cancellationToken);
        return agent is null ? null
            : new AgentSummary(agent.Id, agent.Name, agent.IsEnabled, AgentResponses.StateOf(agent, time.GetUtcNow().UtcDateTime, options.Value.Period));
    }

    /// <summary>The states of the given agents now (missing ids are removed agents).</summary>
    public async Task<IReadOnlyDictionary<Guid, AgentSummary>> FindManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var agents = await db.Agents.AsNoTracking().Where(a => ids.Contains(a.Id)).ToListAsync(cancellationToken);
        return agents.ToDictionary(a => a.Id, a => new AgentSummary(a.Id, a.Name, a.IsEnabled, AgentResponses.StateOf(a, now, options.Value.Period)));
    }
}
