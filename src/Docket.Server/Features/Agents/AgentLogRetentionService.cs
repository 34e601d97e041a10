using Docket.Server.Storage;
using Docket.Server.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Agents;

/// <summary>
/// Removes agents' log lines received longer than <c>Agents:LogRetention</c> ago, in batches, so that no delete holds
/// the table long. Replicas may run it at once: a line removed twice is removed once.
/// </summary>
public sealed partial class AgentLogRetentionService(
    IServiceScopeFactory scopes, IOptionsMonitor<AgentOptions> options, TimeProvider time, ILogger<AgentLogRetentionService> logger)
    : BackgroundWorker(scopes, time, logger)
{
    private const int Batch = 5000;

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override async Task<bool> RunPassAsync(IServiceProvider services, CancellationToken stoppingToken)
    {
        var removed = await PruneAsync(services.GetRequiredService<DocketDbContext>(), stoppingToken);
        if (removed > 0)
        {
            LogPruned(Logger, removed, options.CurrentValue.LogRetention);
        }

        return false;
    }

    /// <summary>Removes every line received before the cutoff; returns how many went (none when retention is off).</summary>
    public async Task<long> PruneAsync(DocketDbContext db, CancellationToken cancellationToken)
    {
        var retention = options.CurrentValue.LogRetention;
        if (retention <= TimeSpan.Zero)
        {
            return 0;
        }

        var cutoff = Time.GetUtcNow().UtcDateTime - retention;
        long total = 0;
        while (true)
        {
            var ids = await db.AgentLogLines.Where(l => l.ReceivedAt < cutoff).OrderBy(l => l.Id).Select(l => l.Id).Take(Batch)
                .ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return total;
            }

            var last = ids[^1];
            total += await db.AgentLogLines.Where(l => l.Id <= last && l.ReceivedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent log retention removed {Count} line(s) older than {Retention}")]
    private static partial void LogPruned(ILogger logger, long count, TimeSpan retention);
}
