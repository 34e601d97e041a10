using Docket.Contracts.Agents;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Features.Agents.Launches;
using Docket.Server.Features.ApiKeys;
using Docket.Server.Features.Tenants;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Agents;

/// <summary>
/// Agents of a tenant (400-404): created with their key, updated, removed, enabled and disabled. Every read and write
/// is scoped to what the caller may see; the key is made and revoked by the ApiKeys area, in the agent's transaction.
/// </summary>
public sealed class AgentService(
    DocketDbContext db, IJournal journal, TimeProvider time, TenantQueries tenants, ApiKeyService keys,
    AgentConnections connections, AgentLaunchReports launches, IEnumerable<IAgentRemovalCheck> removalChecks, IOptions<AgentOptions> options)
{
    public async Task<IReadOnlyList<AgentResponse>> ListAsync(Caller caller, Guid? tenantId, CancellationToken cancellationToken)
    {
        var query = db.Agents.AsNoTracking();
        if (caller.ListScope(tenantId) is { } scope)
        {
            query = query.Where(a => a.TenantId == scope);
        }

        var agents = await query.OrderBy(a => a.Id).ToListAsync(cancellationToken);
        return [.. agents.Select(Respond)];
    }

    public async Task<Result<AgentResponse>> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var agent = await FindAsync(caller, id, cancellationToken);
        return agent is null ? ApiError.NotFound("The agent") : Respond(agent);
    }

    public async Task<Result<CreatedAgentResponse>> CreateAsync(Caller caller, AgentRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = TextRules.Name(request.Name, "name", 200, errors);
        var description = TextRules.OptionalText(request.Description, "description", 4000, errors);
        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var tenantId = caller.TenantFor(request.TenantId);
        if (!await tenants.ExistsAsync(tenantId, cancellationToken))
        {
            return ApiError.Invalid("tenantId", "names no tenant.");
        }

        var normalized = TextRules.Normalize(name!);
        if (await NameTakenAsync(tenantId, normalized, null, cancellationToken))
        {
            return ApiError.Conflict($"An agent named '{name}' already exists.");
        }

        // The key acts as its maker, but opens only this agent's stream (ApiKey.ForAgent), never the HTTP API.
        var (key, secret) = keys.AddForAgent(tenantId, caller.UserId, name!);
        var now = time.GetUtcNow().UtcDateTime;
        var agent = new Agent
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            TenantId = tenantId,
            Name = name!,
            NormalizedName = normalized,
            Description = description,
            ApiKeyId = key.Id,
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = caller.UserId,
        };
        db.Agents.Add(agent);
        var response = Respond(agent);
        journal.Record(EventCode.AgentCreated, Describe(agent, $"{agent.Name} (key {key.Prefix}…)", response));
        var saved = await SaveAsync(agent, response, cancellationToken);
        return saved.Error is { } error ? error : new CreatedAgentResponse(response, secret);
    }

    public async Task<Result<AgentResponse>> UpdateAsync(
        Caller caller, Guid id, AgentRequest request, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var agent = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (agent is null)
        {
            return ApiError.NotFound("The agent");
        }

        if (!ifMatch(agent.ConcurrencyStamp))
        {
            return ApiError.PreconditionFailed();
        }

        var errors = new Dictionary<string, string[]>();
        var name = TextRules.Name(request.Name, "name", 200, errors);
        var description = TextRules.OptionalText(request.Description, "description", 4000, errors);
        if (request.TenantId is { } moved && moved != agent.TenantId)
        {
            errors["tenantId"] = ["an agent cannot move to another tenant."];
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var normalized = TextRules.Normalize(name!);
        if (normalized != agent.NormalizedName && await NameTakenAsync(agent.TenantId, normalized, agent.Id, cancellationToken))
        {
            return ApiError.Conflict($"An agent named '{name}' already exists.");
        }

        agent.Name = name!;
        agent.NormalizedName = normalized;
        agent.Description = description;
        Touch(agent);
        var response = Respond(agent);
        journal.Record(EventCode.AgentUpdated, Describe(agent, agent.Name, response));
        return await SaveAsync(agent, response, cancellationToken);
    }

    public async Task<ApiError?> DeleteAsync(Caller caller, Guid id, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var agent = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (agent is null)
        {
            return ApiError.NotFound("The agent");
        }

        if (!ifMatch(agent.ConcurrencyStamp))
        {
            return ApiError.PreconditionFailed();
        }

        foreach (var check in removalChecks)
        {
            if (await check.RefusalAsync(agent.Id, cancellationToken) is { } refusal)
            {
                return ApiError.Conflict(refusal);
            }
        }

        if (agent.ApiKeyId is { } keyId)
        {
            await keys.RevokeForAgentAsync(keyId, cancellationToken);
        }

        db.Agents.Remove(agent);
        journal.Record(EventCode.AgentRemoved, Describe(agent, agent.Name, Respond(agent)));
        await db.SaveChangesAsync(cancellationToken);
        connections.End(agent.Id, AgentEnd.Removed);
        return null;
    }

    /// <summary>Enables or disables an agent (404, 403). A disabled agent's stream ends, and it is refused until enabled.</summary>
    public async Task<Result<AgentResponse>> SetEnabledAsync(Caller caller, Guid id, bool enabled, CancellationToken cancellationToken)
    {
        var agent = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (agent is null)
        {
            return ApiError.NotFound("The agent");
        }

        if (agent.IsEnabled != enabled)
        {
            agent.IsEnabled = enabled;
            Touch(agent);
            journal.Record(enabled ? EventCode.AgentEnabled : EventCode.AgentDisabled, Describe(agent, agent.Name, Respond(agent)));
            await db.SaveChangesAsync(cancellationToken);
        }

        if (!enabled)
        {
            connections.End(agent.Id, AgentEnd.Disabled);
            await launches.EndOpenAsync(agent.Id, LaunchOutcome.Stopped, $"Agent '{agent.Name}' was disabled.", cancellationToken);
        }

        return Respond(agent);
    }

    /// <summary>
    /// Disables every enabled agent unreachable (Disconnected or Unknown) for longer than <paramref name="unavailable"/>,
    /// recording 405 for each in one transaction; returns how many. Unreachable is counted from the agent's last hello
    /// or heartbeat, or from when a person last created, changed or enabled it, whichever is later, so that an agent
    /// enabled again gets the whole period to connect.
    /// </summary>
    public async Task<int> DisableUnreachableAsync(TimeSpan unavailable, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var cutoff = now - unavailable;
        var silent = now - 2 * options.Value.Period;
        var agents = await db.Agents
            .Where(a => a.IsEnabled && a.UpdatedAt < cutoff
                && (a.LastSeenAt == null ? a.CreatedAt < cutoff : a.LastSeenAt < cutoff && (a.ConnectionId == null || a.LastSeenAt < silent)))
            .OrderBy(a => a.Id)
            .ToListAsync(cancellationToken);
        foreach (var agent in agents)
        {
            var since = agent.LastSeenAt ?? agent.CreatedAt;
            agent.IsEnabled = false;
            Touch(agent);
            journal.Record(EventCode.AgentAutoDisabled, Describe(agent,
                $"{agent.Name}: unreachable since {since:O}, longer than Agents:AutoDisableUnavailablePeriod ({unavailable})", Respond(agent)));
        }

        if (agents.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        foreach (var agent in agents)
        {
            // A stream this replica still holds for it (a silent one) ends with the reason.
            connections.End(agent.Id, AgentEnd.Disabled);
            await launches.EndOpenAsync(agent.Id, LaunchOutcome.Lost,
                $"Agent '{agent.Name}' was unreachable longer than Agents:AutoDisableUnavailablePeriod and was disabled.", cancellationToken);
        }

        return agents.Count;
    }

    /// <summary>
    /// The local agent of <c>Agents:Local</c> (<see cref="LocalAgentProvisioner"/>): created the first time (400), and
    /// given a fresh key on every start, the old one revoked (401), in one transaction. Returns its id and the new key.
    /// </summary>
    public async Task<(Guid Id, string Key)> ProvisionLocalAsync(Guid tenantId, Guid userId, string name, CancellationToken cancellationToken)
    {
        var normalized = TextRules.Normalize(name);
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.TenantId == tenantId && a.NormalizedName == normalized, cancellationToken);
        var (key, secret) = keys.AddForAgent(tenantId, userId, name);
        if (agent is null)
        {
            var now = time.GetUtcNow().UtcDateTime;
            agent = new Agent
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                TenantId = tenantId,
                Name = name,
                NormalizedName = normalized,
                Description = "The agent on the server's own machine, started beside it by scripts/run.sh (Agents:Local).",
                ApiKeyId = key.Id,
                CreatedAt = now,
                UpdatedAt = now,
                CreatedBy = userId,
            };
            db.Agents.Add(agent);
            journal.Record(EventCode.AgentCreated, Describe(agent, $"{agent.Name} (key {key.Prefix}…), the local agent", Respond(agent)));
        }
        else
        {
            if (agent.ApiKeyId is { } old)
            {
                await keys.RevokeForAgentAsync(old, cancellationToken);
            }

            agent.ApiKeyId = key.Id;
            Touch(agent);
            journal.Record(EventCode.AgentUpdated, Describe(agent, $"{agent.Name}: a new key (key {key.Prefix}…) for the local agent", Respond(agent)));
        }

        await db.SaveChangesAsync(cancellationToken);
        return (agent.Id, secret);
    }

    private AgentResponse Respond(Agent agent) => AgentResponse.From(agent, time.GetUtcNow().UtcDateTime, options.Value.Period);

    private void Touch(Agent agent)
    {
        agent.UpdatedAt = time.GetUtcNow().UtcDateTime;
        agent.ConcurrencyStamp = Guid.NewGuid();
    }

    private async Task<Result<AgentResponse>> SaveAsync(Agent agent, AgentResponse response, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return response;
        }
        catch (DbUpdateException)
        {
            // Two requests raced for the same name and the unique index let one through.
            if (await NameTakenAsync(agent.TenantId, agent.NormalizedName, agent.Id, cancellationToken))
            {
                return ApiError.Conflict($"An agent named '{agent.Name}' already exists.");
            }

            throw;
        }
    }

    private Task<bool> NameTakenAsync(Guid tenantId, string normalizedName, Guid? except, CancellationToken cancellationToken) =>
        db.Agents.AsNoTracking().AnyAsync(a => a.TenantId == tenantId && a.NormalizedName == normalizedName && a.Id != except, cancellationToken);

    private async Task<Agent?> FindAsync(Caller caller, Guid id, CancellationToken cancellationToken, bool tracked = false)
    {
        var query = tracked ? db.Agents : db.Agents.AsNoTracking();
        var agent = await query.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        // Another tenant's agent is reported as missing, not forbidden: its existence is not ours to reveal.
        return agent is not null && caller.CanAccess(agent.TenantId) ? agent : null;
    }

    private static JournalEvent Describe(Agent agent, string text, AgentResponse data) => new()
    {
        TenantId = agent.TenantId,
        EntityKind = nameof(Agent),
        EntityId = agent.Id.ToString(),
        Text = text,
        Data = data,
    };
}
