using System.Reflection;
using Docket.Contracts.DataSets;
using Docket.Contracts.DataSets.Archive;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Features.Users;
using Docket.Server.Journal;
using Docket.Server.Storage.Blobs;
using Docket.Server.Storage;
using Docket.Server.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.DataSets.Archive;

/// <summary>
/// Builds queued dataset archives, one at a time on each replica. A build is taken with the archive's
/// <see cref="Lease"/>, which only one replica's update can win (Queued, or Building with a lapsed lease), so no two
/// replicas build one archive, and the build of a replica that died is taken over once its lease runs out. Its events
/// (12003-12008) carry the operation key, tenant and user of the request that queued it; progress (12006/12007,
/// itemsDone) commits in batches, each renewing the lease.
/// </summary>
internal sealed partial class DataSetArchiveBuilder(
    IServiceScopeFactory scopes,
    IBlobStore blobs,
    DataSetArchiveSignal signal,
    IOptions<DataSetOptions> options,
    IOptions<DocketOptions> docket,
    TimeProvider time,
    ILogger<DataSetArchiveBuilder> logger) : BackgroundWorker(scopes, time, logger)
{
    private static readonly string Generator = "Docket/" + (typeof(DataSetArchiveBuilder).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0");

    private readonly Lease lease = new(Lease.NewOwner(docket.Value.NodeId), options.Value.ArchiveLeaseDuration, time);

    protected override TimeSpan Interval => options.Value.ArchivePollInterval;

    protected override WorkerSignal Signal => signal;

    /// <summary>
    /// Takes and builds one archive; true when it did, so that the next one is looked for at once. A pass that fails
    /// is retried; a build it left Building is taken over when its lease lapses.
    /// </summary>
    protected override async Task<bool> RunPassAsync(IServiceProvider services, CancellationToken stoppingToken)
    {
        if (await ClaimAsync(services.GetRequiredService<DocketDbContext>(), stoppingToken) is not { } id)
        {
            return false;
        }

        await BuildAsync(id, stoppingToken);
        return true;
    }

    /// <summary>Takes the oldest build nobody holds; the timeout counts from its first start, not from a takeover.</summary>
    private async Task<Guid?> ClaimAsync(DocketDbContext db, CancellationToken cancellationToken)
    {
        var candidates = await lease.Takeable(db.DataSetArchives.AsNoTracking().Where(a => a.State == DataSetArchiveState.Queued || a.State == DataSetArchiveState.Building))
            .OrderBy(a => a.RequestedAt)
            .Select(a => a.Id)
            .Take(5)
            .ToListAsync(cancellationToken);
        foreach (var id in candidates)
        {
            var now = Time.GetUtcNow().UtcDateTime;
            var stamp = Guid.NewGuid();
            var taken = await lease.TryTakeAsync(
                db.DataSetArchives.Where(a => a.Id == id && (a.State == DataSetArchiveState.Queued || a.State == DataSetArchiveState.Building)),
                cancellationToken,
                s => s
                    .SetProperty(a => a.State, DataSetArchiveState.Building)
                    .SetProperty(a => a.StartedAt, a => a.StartedAt ?? now)
                    .SetProperty(a => a.ItemsDone, 0)
                    .SetProperty(a => a.ConcurrencyStamp, stamp));
            if (taken)
            {
                return id;
            }
        }

        return null;
    }

    private async Task BuildAsync(Guid id, CancellationToken stoppingToken)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        var archive = await lease.Held(db.DataSetArchives).FirstOrDefaultAsync(a => a.Id == id, stoppingToken);
        if (archive is null)
        {
            return;
        }

        await ActAsRequesterAsync(scope.ServiceProvider, archive, stoppingToken);
        var deadline = DateTime.SpecifyKind(archive.StartedAt!.Value, DateTimeKind.Utc) + options.Value.ArchivateTimeout;
        var left = deadline - Time.GetUtcNow().UtcDateTime;
        if (left <= TimeSpan.Zero)
        {
            await EndAsync(id, DataSetArchiveState.TimedOut, TimeoutReason(), stoppingToken);
            return;
        }

        var version = await db.DataSetVersions.FirstOrDefaultAsync(v => v.Id == archive.VersionId, stoppingToken);
        var dataSet = await db.DataSets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == archive.DataSetId, stoppingToken);
        if (version is null || dataSet is null)
        {
            // Removed meanwhile; the archive row went with it.
            return;
        }

        var journal = scope.ServiceProvider.GetRequiredService<IJournal>();
        journal.Record(EventCode.DataSetArchivateStarted, Describe(archive, $"{dataSet.Name}, version {version.Number}"));
        using var deadlineSource = new CancellationTokenSource(left, Time);
        using var build = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, deadlineSource.Token);
        try
        {
            archive.FormatVersion = DataSetArchiveFormat.FormatVersion;
            await SaveProgressAsync(db, archive, build.Token);
            var scheme = DataSetSchemeSnapshot.FromJson(version.Scheme);

            // The manifest's hash is recomputed by this format's recipe: a version made before format 2 holds a
            // format 1 hash, which the version takes over from here on, so that it and its archives agree.
            var contentHash = await DataSetVersionHashes.ComputeAsync(db, version.Id, scheme, DataSetArchiveFormat.FormatVersion, build.Token);
            version.ContentHash = contentHash;
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
                    ContentHash = contentHash,
                },
                ExportedAt = Time.GetUtcNow().UtcDateTime,
                Generator = Generator,
            };
            var done = 0;
            var writer = new DataSetArchiveWriter(db, blobs);
            var stored = await writer.WriteAsync(
                manifest,
                version.Id,
                scheme,
                item => journal.Record(EventCode.DataSetArchivateProgress1, Describe(archive, item.ImageName, item)),
                async (item, cancellationToken) =>
                {
                    journal.Record(EventCode.DataSetArchivateProgress2, Describe(archive, item.ImageName, item));
                    done++;
                    // Progress commits in batches, and often enough to keep the lease.
                    if (done % options.Value.ArchiveProgressBatch == 0 || lease.IsDue(archive))
                    {
                        archive.ItemsDone = done;
                        await SaveProgressAsync(db, archive, cancellationToken);
                    }
                },
                build.Token);

            archive.State = DataSetArchiveState.Ready;
            archive.Blob = stored.Key;
            archive.Size = stored.Size;
            archive.ItemsDone = done;
            archive.CompletedAt = Time.GetUtcNow().UtcDateTime;
            Lease.Clear(archive);
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
            LogLost(Logger, id);
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
            LogBuildFailed(Logger, exception, id);
            await EndAsync(id, DataSetArchiveState.Failed, $"The build stopped on an unexpected error ({exception.GetType().Name}); the server log has the details.", stoppingToken);
        }
    }

    private string TimeoutReason() =>
        $"The archive was not built within DataSet:ArchivateTimeout ({options.Value.ArchivateTimeout:c}).";

    /// <summary>Commits the staged events with the archive's progress and renews the lease; fails if another replica took it.</summary>
    private async Task SaveProgressAsync(DocketDbContext db, DataSetArchive archive, CancellationToken cancellationToken)
    {
        lease.Extend(archive);
        archive.ConcurrencyStamp = Guid.NewGuid();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Records how a build ended (12005 or 12008) in a fresh scope, so the progress events of the abandoned batch are
    /// not committed with it: they described work that was thrown away.
    /// </summary>
    private async Task EndAsync(Guid id, DataSetArchiveState state, string reason, CancellationToken cancellationToken)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        var archive = await lease.Held(db.DataSetArchives).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (archive is null)
        {
            LogLost(Logger, id);
            return;
        }

        await ActAsRequesterAsync(scope.ServiceProvider, archive, cancellationToken);
        archive.State = state;
        archive.Error = reason.Length > 4000 ? reason[..4000] : reason;
        archive.CompletedAt = Time.GetUtcNow().UtcDateTime;
        Lease.Clear(archive);
        archive.ConcurrencyStamp = Guid.NewGuid();
        var code = state == DataSetArchiveState.TimedOut ? EventCode.DataSetArchivateCompletedTimeout : EventCode.DataSetArchivateCompletedError;
        scope.ServiceProvider.GetRequiredService<IJournal>().Record(code, Describe(archive, reason));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            LogLost(Logger, id);
        }
    }

    /// <summary>On shutdown, hands the build back to the queue so that any replica starts it again at once.</summary>
    private async Task RequeueAsync(Guid id)
    {
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            await lease.ReleaseAsync(
                scope.ServiceProvider.GetRequiredService<DocketDbContext>().DataSetArchives.Where(a => a.Id == id),
                CancellationToken.None,
                s => s
                    .SetProperty(a => a.State, DataSetArchiveState.Queued)
                    .SetProperty(a => a.ItemsDone, 0)
                    .SetProperty(a => a.ConcurrencyStamp, Guid.NewGuid()));
        }
        catch (Exception exception)
        {
            // The lease lapses by itself; another replica takes over after it.
            LogBuildFailed(Logger, exception, id);
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
            ? await services.GetRequiredService<UserQueries>().LoginOfAsync(userId, cancellationToken)
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Dataset archive {Id}: the build failed")]
    private static partial void LogBuildFailed(ILogger logger, Exception exception, Guid id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dataset archive {Id} was removed or taken over by another replica; this build stops")]
    private static partial void LogLost(ILogger logger, Guid id);

    /// <summary>12006/12007's data: which item of which archive.</summary>
    private sealed record ItemProgress(Guid ArchiveId, Guid DataSetId, int Version, int Ordinal, Guid? ImageId, string ImageSha256, int Page);
}
