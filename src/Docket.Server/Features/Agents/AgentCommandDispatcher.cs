using Docket.Server.Storage;
using Docket.Server.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Agents;

/// <summary>
/// Sends queued commands to the agents whose streams this replica holds. Every replica runs one; a command queued on
/// any replica for an agent held here is found by the poll (every <see cref="AgentOptions.CommandPollInterval"/> while
/// this replica holds a stream) or at once when it was queued here. A command is claimed by a conditional update
/// before it is written, so it goes to one stream; one sent on a stream that broke unanswered is sent again on the next.
/// </summary>
public sealed class AgentCommandDispatcher(
    IServiceScopeFactory scopes, TimeProvider time, ILogger<AgentCommandDispatcher> logger,
    AgentConnections connections, AgentCommandSignal signal, IOptions<AgentOptions> options)
    : BackgroundWorker(scopes, time, logger)
{
    private DateTime nextCleanup;

    protected override TimeSpan Interval => connections.All().Count > 0 ? options.Value.CommandPollInterval : TimeSpan.FromSeconds(5);

    protected override WorkerSignal Signal => signal;

    protected override async Task<bool> RunPassAsync(IServiceProvider services, CancellationToken stoppingToken)
    {
        var db = services.GetRequiredService<DocketDbContext>();
        var now = Time.GetUtcNow().UtcDateTime;
        await CleanUpAsync(db, now, stoppingToken);

        var held = connections.All().ToDictionary(c => c.AgentId);
        if (held.Count == 0)
        {
            return false;
        }

        var agentIds = held.Keys.ToList();
        var streamIds = held.Values.Select(c => c.Id).ToList();
        var due = await db.AgentCommands.AsNoTracking()
            .Where(c => agentIds.Contains(c.AgentId) && c.AnsweredAt == null && c.ExpiresAt > now 
                && (c.SentOnConnectionId == null || !streamIds.Contains(c.SentOnConnectionId.Value)))
            .OrderBy(c => c.CreatedAt)
            .Take(500)
            .ToListAsync(stoppingToken);
        foreach (var command in due)
        {
            if (!held.TryGetValue(command.AgentId, out var connection) || connection.Ending.IsCancellationRequested)
            {
                continue;
            }

            // The claim: only the pass that moves the row from where it was to this stream sends it.
            await AgentCommandSender.ClaimAndSendAsync(db, command.Id, command.SentOnConnectionId, command.Payload, connection, now, Logger, stoppingToken);
        }

        return due.Count == 500;
    }

    /// <summary>Removes answered and expired commands older than the retention, at most once a minute.</summary>
    private async Task CleanUpAsync(DocketDbContext db, DateTime now, CancellationToken stoppingToken)
    {
        if (now < nextCleanup)
        {
            return;
        }

        nextCleanup = now.AddMinutes(1);
        var before = now - options.Value.CommandRetention;
        await db.AgentCommands.Where(c => c.CreatedAt < before && (c.AnsweredAt != null || c.ExpiresAt < now)).ExecuteDeleteAsync(stoppingToken);
    }
}
