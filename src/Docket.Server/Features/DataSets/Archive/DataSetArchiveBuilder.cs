using System.Reflection;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Features.Users;
using Docket.Server.Journal;
using Docket.Server.Storage.Blobs;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.DataSets.Archive;

/// <summary>
/// Builds queued dataset archives, one at a time on each replica. A build is claimed by a conditional update that
/// only one replica's can match (Queued, or Building with a lapsed lease), so no two replicas build one archive, and
/// the build of a replica that died is taken over once its lease runs out. Its events (12003-12008) carry the operation
/// key, tenant and user of the request that queued it; progress (12006/12007, itemsDone) commits in batches.
/// </summary>
internal sealed partial class DataSetArchiveBuilder(
    IServiceScopeFactory scopes,
    IBlobStore blobs,
    DataSetArchiveSignal signal,
    IOptions<DataSetOptions> options,
    IOptions<DocketOptions> docket,
    TimeProvider time,
    ILogger<DataSetArchiveBuilder> logger) : BackgroundService
{
    private static readonly string Generator = "Docket/" + (typeof(DataSetArchiveBuilder).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0");

    private readonly string owner = docket.Value.NodeId + "/" + Guid.NewGuid().ToString("N")[..8];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Guid? claimed = null;
            try
            {
                claimed = await ClaimAsync(stoppingToken);
                if (claimed is { } id)
                {
                    await BuildAsync(id, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The pass is retried; a build left Building is taken over when its lease lapses.
                LogPassFailed(logger, exception);
                claimed = null;
            }

            if (claimed is null)
            {
                await signal.WaitAsync(options.Value.ArchivePollInterval, time, stoppingToken);
            }
        }
    }

    /// <summary>Takes the oldest build nobody holds; the timeout counts from its first start, not from a takeover.</summary>
    private async Task<Guid?> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var candidates = await db.DataSetArchives.AsNoTracking()
            .Where(a => a.State == DataSetArchiveState.Queued || (a.State == DataSetArchiveState.Building && a.LeaseUntil < now))
            .OrderBy(a => a.RequestedAt)
            .Select(a => a.Id)
            .Take(5)
            .ToListAsync(cancellationToken);
        foreach (var id in candidates)
        {
            var until = now + options.Value.ArchiveLeaseDuration;
            var stamp = Guid.NewGuid();
            var taken = await db.DataSetArchives
                .Where(a => a.Id == id
                    && (a.State == DataSetArchiveState.Queued || (a.State == DataSetArchiveState.Building && a.LeaseUntil < now)))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(a => a.State, DataSetArchiveState.Building)
                    .SetProperty(a => a.LeaseOwner, owner)
                    .SetProperty(a => a.LeaseUntil, until)
                    .SetProperty(a => a.StartedAt, a => a.StartedAt ?? now)
                    .SetProperty(a => a.ItemsDone, 0)
                    .SetProperty(a => a.ConcurrencyStamp, stamp), cancellationToken);
            if (taken == 1)
            {
                return id;
            }
        }

        return null;
    }

    private async Task BuildAsync(Guid id, CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        var archive = await db.DataSetArchives.FirstOrDefaultAsync(a => a.Id == id && a.LeaseOwner == owner, stoppingToken);
        if (archive is null)
        {
            return;
        }

        await ActAsRequesterAsync(scope.ServiceProvider, archive, stoppingToken);
        var deadline = DateTime.SpecifyKind(archive.StartedAt!.Value, DateTimeKind.Utc) + options.Value.ArchivateTimeout;
        var left = deadline - time.GetUtcNow().UtcDateTime;
        if (left <= TimeSpan.Zero)
        {
            await EndAsync(id, DataSetArchiveState.TimedOut, TimeoutReason(), stoppingToken);
            return;
        }

        var version = await db.DataSetVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == archive.VersionId, stoppingToken);
        var dataSet = await db.DataSets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == archive.DataSetId, stoppingToken);
        if (version is null || dataSet is null)
        {
            // Removed meanwhile; the archive row went with it.
            return;
        }

        var journal = scope.ServiceProvider.GetRequiredService<IJournal>();
        journal.Record(EventCode.DataSetArchivateStarted, Describe(archive, $"{dataSet.Name}, version {version.Number}"));
        using var deadlineSource = new CancellationTokenSource(left, time);
        using var build = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, deadlineSource.Token);
        try
        {
            await SaveProgressAsync(db, archive, build.Token);
            var manifest = new DataSetArchiveFormat.Manifest
            {
                Format = DataSetArchiveFormat.FormatName,
                FormatVersion = DataSetArchiveFormat.FormatVersion,
                DataSet = new DataSetArchiveFormat.ManifestDataSet
                {
                    Name = dataSet.Name,
                    Description = dataSet.Description,
                    Version = version.Number,
                    TrainRatio = version.TrainRatio,
                    Seed = version.Seed,
                    ItemCount = version.TrainCount + version.TestCount,
                    TrainCount = version.TrainCount,
                    TestCount = version.TestCount,
                    ContentHash = version.ContentHash,
                },
                ExportedAt = time.GetUtcNow().UtcDateTime,
                Generator = Generator,
            };
            var done = 0;
            var lastSave = time.GetUtcNow();
            var writer = new DataSetArchiveWriter(db, blobs);
            var stored = await writer.WriteAsync(
                manifest,
                version.Id,
                DataSetSchemeSnapshot.FromJson(version.Scheme),
                item => journal.Record(EventCode.DataSetArchivateProgress1, Describe(archive, item.ImageName, item)),
                async (item, cancellationToken) =>
                {
                    journal.Record(EventCode.DataSetArchivateProgress2, Describe(archive, item.ImageName, item));
                    done++;
                    // Progress commits in batches, and often enough to keep the lease.
                    if (done % options.Value.ArchiveProgressBatch == 0 || time.GetUtcNow() - lastSave > options.Value.ArchiveLeaseDuration / 3)
                    {
                        archive.ItemsDone = done;
                        await SaveProgressAsync(db, archive, cancellationToken);
                        lastSave = time.GetUtcNow();
                    }
                },
                build.Token);

            archive.State = DataSetArchiveState.Ready;
            archive.Blob = stored.Key;
            archive.Size = stored.Size;
            archive.ItemsDone = done;
            archive.CompletedAt = time.GetUtcNow().UtcDateTime;
            archive.LeaseOwner = null;
            archive.LeaseUntil = null;
            archive.ConcurrencyStamp = Guid.NewGuid();
            journal.Record(EventCode.DataSetArchivateCompletedSuccess, Describe(archive, $"{dataSet.Name}, version {version.Number}: {stored.Size} bytes"));
            await db.SaveChangesAsync(stoppingToken);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            await RequeueAsync(id);
            throw;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Removed, or taken over by a replica that thought this one dead: the other side owns it now.
            LogLost(logger, id);
        }
        catch (Exception) when (deadlineSource.IsCancellationRequested)
        {
            await EndAsync(id, DataSetArchiveState.TimedOut, TimeoutReason(), stoppingToken);
        }
        catch (DataSetArchiveException exception)
        {
            await EndAsync(id, DataSetArchiveState.Failed, exception.Message, stoppingToken);
        }
        catch (Exception exception)
        {
            LogBuildFailed(logger, exception, id);
            await EndAsync(id, DataSetArchiveState.Failed, $"The build stopped on an unexpected error ({exception.GetType().Name}); the server log has the details.", stoppingToken);
        }
    }

    private string TimeoutReason() =>
        $"The archive was not built within DataSet:ArchivateTimeout ({options.Value.ArchivateTimeout:c}).";

    /// <summary>Commits the staged events with the archive's progress and renews the lease; fails if another replica took it.</summary>
    private async Task SaveProgressAsync(DocketDbContext db, DataSetArchive archive, CancellationToken cancellationToken)
    {
        archive.LeaseUntil = time.GetUtcNow().UtcDateTime + options.Value.ArchiveLeaseDuration;
        archive.ConcurrencyStamp = Guid.NewGuid();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Records how a build ended (12005 or 12008) in a fresh scope, so the progress events of the abandoned batch are
    /// not committed with it: they described work that was thrown away.
    /// </summary>
    private async Task EndAsync(Guid id, DataSetArchiveState state, string reason, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        var archive = await db.DataSetArchives.FirstOrDefaultAsync(a => a.Id == id && a.LeaseOwner == owner, cancellationToken);
        if (archive is null)
        {
            LogLost(logger, id);
            return;
        }

        await ActAsRequesterAsync(scope.ServiceProvider, archive, cancellationToken);
        archive.State = state;
        archive.Error = reason.Length > 4000 ? reason[..4000] : reason;
        archive.CompletedAt = time.GetUtcNow().UtcDateTime;
        archive.LeaseOwner = null;
        archive.LeaseUntil = null;
        archive.ConcurrencyStamp = Guid.NewGuid();
        var code = state == DataSetArchiveState.TimedOut ? EventCode.DataSetArchivateCompletedTimeout : EventCode.DataSetArchivateCompletedError;
        scope.ServiceProvider.GetRequiredService<IJournal>().Record(code, Describe(archive, reason));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            LogLost(logger, id);
        }
    }

    /// <summary>On shutdown, hands the build back to the queue so that any replica starts it again at once.</summary>
    private async Task RequeueAsync(Guid id)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DocketDbContext>().DataSetArchives
                .Where(a => a.Id == id && a.LeaseOwner == owner)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(a => a.State, DataSetArchiveState.Queued)
                    .SetProperty(a => a.LeaseOwner, (string?)null)
                    .SetProperty(a => a.LeaseUntil, (DateTime?)null)
                    .SetProperty(a => a.ItemsDone, 0)
                    .SetProperty(a => a.ConcurrencyStamp, Guid.NewGuid()), CancellationToken.None);
        }
        catch (Exception exception)
        {
            // The lease lapses by itself; another replica takes over after it.
            LogBuildFailed(logger, exception, id);
        }
    }

    /// <summary>The build's events belong to the request that queued it: its operation key, tenant and user.</summary>
    private static async Task ActAsRequesterAsync(IServiceProvider services, DataSetArchive archive, CancellationToken cancellationToken)
    {
        var operation = services.GetRequiredService<OperationContext>();
        operation.OperationKey = archive.OperationKey;
        operation.TenantId = archive.TenantId;
        operation.UserId = archive.RequestedBy;
        operation.UserLogin = archive.RequestedBy is { } userId
            ? await services.GetRequiredService<DocketDbContext>().Users.AsNoTracking()
                .Where(u => u.Id == userId).Select(u => u.Login).FirstOrDefaultAsync(cancellationToken)
            : null;
    }

    private static JournalEvent Describe(DataSetArchive archive, string text, DataSetArchiveEntry? item = null) => new()
    {
        TenantId = archive.TenantId,
        ProjectId = archive.ProjectId,
        EntityKind = nameof(DataSet),
        EntityId = archive.DataSetId.ToString(),
        Text = text,
        Data = item is null
            ? DataSetArchiveResponse.From(archive)
            : new ItemProgress(archive.Id, archive.DataSetId, archive.VersionNumber, item.Ordinal, item.ImageId, item.ImageSha256, item.PageNumber),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Dataset archive builder pass failed")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dataset archive {Id}: the build failed")]
    private static partial void LogBuildFailed(ILogger logger, Exception exception, Guid id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dataset archive {Id} was removed or taken over by another replica; this build stops")]
    private static partial void LogLost(ILogger logger, Guid id);

    /// <summary>12006/12007's data: which item of which archive.</summary>
    private sealed record ItemProgress(Guid ArchiveId, Guid DataSetId, int Version, int Ordinal, Guid? ImageId, string ImageSha256, int Page);
}
