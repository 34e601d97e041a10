using Docket.Server.Journal;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Docket.Server.Hosting;

/// <summary>Ready means the database answers a query, not merely that a connection string is set.</summary>
internal sealed class DatabaseHealthCheck(DocketDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await db.JournalHeads.AsNoTracking().AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The reason goes to the log, not to anonymous callers of the probe.
            return HealthCheckResult.Unhealthy("The database does not answer.", exception);
        }
    }
}
