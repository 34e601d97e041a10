using Docket.Server.Common;
using Docket.Server.Storage;
using Docket.Server.Workers;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Agents;

/// <summary>
/// Disables agents unreachable longer than <c>Agents:AutoDisableUnavailablePeriod</c> (405), every heartbeat period.
/// The pass runs on the replica that holds the lease on the <see cref="AgentWatch"/> row, and keeps it while it runs;
/// another takes over once a stopped or dead holder's lease lapses. Off (zero), it takes no lease and does nothing.
/// </summary>
public sealed partial class AgentAutoDisableService(
    IServiceScopeFactory scopes, IOptionsMonitor<AgentOptions> options, IOptions<DocketOptions> docket, TimeProvider time,
    ILogger<AgentAutoDisableService> logger) : BackgroundWorker(scopes, time, logger)
{
    private readonly Lease lease = new(Lease.NewOwner(docket.Value.NodeId), TimeSpan.FromMinutes(1), time);

    protected override TimeSpan Interval => options.CurrentValue.Period;

    protected override async Task<bool> RunPassAsync(IServiceProvider services, CancellationToken stoppingToken)
    {
        var unavailable = options.CurrentValue.AutoDisableUnavailablePeriod;
        if (unavailable <= TimeSpan.Zero)
        {
            return false;
        }

        var db = services.GetRequiredService<DocketDbContext>();
        if (!await lease.TryTakeAsync(db.AgentWatches.Where(w => w.Id == AgentWatch.TheOne), stoppingToken))
        {
            return false;
        }

        var disabled = await services.GetRequiredService<AgentService>().DisableUnreachableAsync(unavailable, stoppingToken);
        if (disabled > 0)
        {
            LogDisabled(Logger, disabled, unavailable);
        }

        return false;
    }

    protected override async Task StoppedAsync()
    {
        // A clean stop hands the pass to another replica at once, rather than after the lease lapses.
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        try
        {
            await lease.ReleaseAsync(db.AgentWatches.Where(w => w.Id == AgentWatch.TheOne), CancellationToken.None);
        }
        catch (Exception exception) when (exception is InvalidOperationException or Microsoft.EntityFrameworkCore.DbUpdateException or System.Data.Common.DbException)
        {
            // The database is going too: the lease lapses by itself.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Disabled {Count} agent(s) unreachable longer than {Period}")]
    private static partial void LogDisabled(ILogger logger, int count, TimeSpan period);
}
