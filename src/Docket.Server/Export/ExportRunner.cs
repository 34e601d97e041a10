using System.Collections.Concurrent;
using System.Text.Json;
using Docket.Contracts.Export;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Journal;
using Docket.Server.Storage;
using Docket.Server.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Docket.Server.Export;

/// <summary>
/// Follows the journal for every export subscription this replica holds the lease of, one worker per
/// subscription, so a slow or failing receiver holds up only its own subscription and never the requests that
/// write the journal. Woken by this node's commits, polling as a fallback. A subscription is held with its
/// <see cref="Lease"/>, renewed while its batches go, so that one replica at a time delivers it and another takes over
/// only after the holder's lease lapsed.
/// </summary>
internal sealed partial class ExportRunner(
    IServiceScopeFactory scopes,
    IExportSinkFactory sinks,
    JournalReader reader,
    JournalNames journalNames,
    IOptions<ExportOptions> options,
    IOptions<DocketOptions> docket,
    TimeProvider time,
    ILogger<ExportRunner> logger) : BackgroundWorker(scopes, time, logger)
{
    private static readonly JsonSerializerOptions FilterJson = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<Guid, Task> workers = new();
    private readonly Lease lease = new(Lease.NewOwner(docket.Value.NodeId), options.Value.LeaseDuration, time);

    protected override TimeSpan Interval => options.Value.PollInterval;

    /// <summary>Encrypts sink secrets still kept in clear; should it fail, they still work, and the next start (or the next save of each) encrypts them.</summary>
    protected override async Task StartingAsync(CancellationToken stoppingToken)
    {
        await using var scope = Scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SinkSecretsUpgrade>().RunAsync(stoppingToken);
    }

    /// <summary>Takes the lease of every active subscription nobody holds and starts its worker.</summary>
    protected override async Task<bool> RunPassAsync(IServiceProvider services, CancellationToken stoppingToken)
    {
        var db = services.GetRequiredService<DocketDbContext>();
        var active = await db.ExportSubscriptions.AsNoTracking()
            .Where(s => s.State == SubscriptionState.Running || s.State == SubscriptionState.Retrying)
            .Select(s => s.Id)
            .ToListAsync(stoppingToken);
        foreach (var id in active)
        {
            if (workers.ContainsKey(id) || !await lease.TryTakeAsync(db.ExportSubscriptions.Where(s => s.Id == id), stoppingToken))
            {
                continue;
            }

            workers[id] = Task.Run(() => WorkAsync(id, stoppingToken), CancellationToken.None);
        }

        return false;
    }

    /// <summary>On shutdown, waits for the subscriptions' workers, which release their leases so another replica takes over at once.</summary>
    protected override Task StoppedAsync() => Task.WhenAll(workers.Values);

    private async Task WorkAsync(Guid id, CancellationToken stoppingToken)
    {
        IExportSink? sink = null;
        Guid sinkStamp = Guid.Empty;
        ExportReadAhead? readAhead = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await using var scope = Scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
                var subscription = await db.ExportSubscriptions.FirstOrDefaultAsync(s => s.Id == id, stoppingToken);
                if (subscription is null || !lease.Holds(subscription)
                    || subscription.State is SubscriptionState.Paused or SubscriptionState.Failing)
                {
                    return;
                }

                if (sink is null || sinkStamp != subscription.ConcurrencyStamp)
                {
                    if (sink is not null)
                    {
                        await sink.DisposeAsync();
                    }

                    sink = sinks.Create(subscription.Sink, subscription.SinkSettings, new SinkOwner(subscription.Id, subscription.TenantId));
                    sinkStamp = subscription.ConcurrencyStamp;
                }

                var waited = await BackOffAsync(subscription, stoppingToken);
                if (!waited)
                {
                    readAhead = await PassAsync(db, scope.ServiceProvider, subscription, sink, readAhead, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the cursor holds what was confirmed; the rest is sent again by whoever resumes.
        }
        catch (Exception exception)
        {
            LogWorkerFailed(Logger, exception, id);
        }
        finally
        {
            await DropAsync(readAhead);
            if (sink is not null)
            {
                await sink.DisposeAsync();
            }

            await ReleaseAsync(id);
            workers.TryRemove(id, out _);
        }
    }

    /// <summary>
    /// One batch: take the next batch read ahead (or read one now and start reading ahead after it), send, then move
    /// the cursor only on confirmation. Reading and rendering the following batches overlaps sending this one and
    /// committing its cursor; sends and commits stay one at a time and in order, so delivery stays at-least-once and
    /// in journal order. Returns the read-ahead to take the next batch from, or null.
    /// </summary>
    private async Task<ExportReadAhead?> PassAsync(
        DocketDbContext db, IServiceProvider services, ExportSubscription subscription, IExportSink sink, ExportReadAhead? readAhead, CancellationToken stoppingToken)
    {
        // Taken before reading, so that a commit landing between the read and the wait below still wakes it.
        var nextCommit = reader.NextCommit;
        var settings = BatchSettings.Of(subscription, services);
        var batch = await TakeAsync(readAhead, subscription);
        if (batch is null)
        {
            await DropAsync(readAhead);
            readAhead = null;
            batch = await PrepareAsync(db, settings, subscription.Cursor, stoppingToken);
        }

        if (batch.Items.Count == 0)
        {
            // Nothing matched: move past what the filter left out so lag reads true (and keep the lease while idle).
            if (batch.LastSequence > batch.StartCursor || lease.IsDue(subscription))
            {
                await CommitAsync(subscription, batch, SinkResult.Delivered, stoppingToken);
            }

            await reader.WaitAsync(nextCommit, options.Value.PollInterval, stoppingToken);
            return null;
        }

        if (readAhead is null && !batch.AtHead)
        {
            readAhead = new ExportReadAhead(
                options.Value.ReadAheadBatches, settings.Stamp, batch.LastSequence, (cursor, token) => PrepareInScopeAsync(settings, cursor, token), stoppingToken);
        }

        SinkResult result;
        try
        {
            result = await SendLeasedAsync(subscription, sink, new ExportBatch(batch.Items), stoppingToken);
            if (result.Outcome != SinkOutcome.Delivered)
            {
                LogDeliveryFailed(Logger, subscription.Name, result.Outcome, result.Error ?? "?");
            }

            await CommitAsync(subscription, batch, result, stoppingToken);
        }
        catch
        {
            // The worker ends (or shuts down): its read-ahead must not outlive it.
            await DropAsync(readAhead);
            throw;
        }

        if (result.Outcome == SinkOutcome.Delivered)
        {
            return readAhead;
        }

        // The same batch goes again after the back-off: what was read after it is read again then.
        await DropAsync(readAhead);
        return null;
    }

    /// <summary>Reads and renders the batch after <paramref name="cursor"/> in a scope of its own, for the read-ahead beside the sends.</summary>
    private async Task<PreparedBatch> PrepareInScopeAsync(BatchSettings settings, long cursor, CancellationToken cancellationToken)
    {
        await using var scope = Scopes.CreateAsyncScope();
        return await PrepareAsync(scope.ServiceProvider.GetRequiredService<DocketDbContext>(), settings, cursor, cancellationToken);
    }

    /// <summary>
    /// The next read-ahead batch, when it still fits the subscription as just read: it starts at the cursor (no replay,
    /// no failed batch since) and was made with the same settings (no operator change).
    /// </summary>
    private async Task<PreparedBatch?> TakeAsync(ExportReadAhead? readAhead, ExportSubscription subscription)
    {
        if (readAhead is null)
        {
            return null;
        }

        try
        {
            return await readAhead.TakeAsync(subscription.Cursor, subscription.ConcurrencyStamp);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Read again on the worker's own path, which reports a failure that persists.
            LogWorkerFailed(Logger, exception, subscription.Id);
            return null;
        }
    }

    /// <summary>Stops a read-ahead that will not be used, so that no read outlives its worker or runs beside the next one.</summary>
    private static async Task DropAsync(ExportReadAhead? readAhead)
    {
        if (readAhead is not null)
        {
            await readAhead.DisposeAsync();
        }
    }

    /// <summary>Reads the next batch after <paramref name="cursor"/> and renders it in the subscription's profile.</summary>
    private async Task<PreparedBatch> PrepareAsync(DocketDbContext db, BatchSettings settings, long cursor, CancellationToken stoppingToken)
    {
        var read = await JournalReader.ReadAsync(db, cursor, settings.Filter, settings.MaxBatchEvents, stoppingToken);
        if (read.Records.Count == 0)
        {
            return new PreparedBatch(cursor, settings.Stamp, [], read.ScannedTo, AtHead: true);
        }

        if (read.Records.Count < settings.MaxBatchEvents && settings.LingerMilliseconds > 0
            && Time.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(read.Records[0].RecordedAt, DateTimeKind.Utc) < TimeSpan.FromMilliseconds(settings.LingerMilliseconds))
        {
            // A partial batch waits a little for company, as Kafka's linger.ms does, unless it is already old.
            await Task.Delay(TimeSpan.FromMilliseconds(settings.LingerMilliseconds), Time, stoppingToken);
            read = await JournalReader.ReadAsync(db, cursor, settings.Filter, settings.MaxBatchEvents, stoppingToken);
        }

        var batchNames = await ExportNames.ForAsync(journalNames, db, read.Records, stoppingToken);
        var items = new List<ExportItem>(read.Records.Count);
        long bytes = 0;
        foreach (var record in read.Records)
        {
            var item = settings.Profile.Render(record, batchNames);
            bytes += item.Utf8Json.Length;
            if (items.Count > 0 && bytes > settings.MaxBatchBytes)
            {
                break;
            }

            items.Add(item);
        }

        var lastSequence = items.Count == read.Records.Count ? read.ScannedTo : items[^1].Sequence;
        return new PreparedBatch(cursor, settings.Stamp, items, lastSequence, read.AtHead);
    }

    /// <summary>
    /// Records a delivery's outcome. The usual case, a confirmed batch of a running subscription, is one conditional
    /// update that matches only while this replica holds the lease and nothing else changed since the pass's read (no
    /// operator change, no replay, no failure to recover from). Anything else goes through <see cref="CommitFreshAsync"/>.
    /// </summary>
    private async Task CommitAsync(ExportSubscription subscription, PreparedBatch batch, SinkResult result, CancellationToken stoppingToken)
    {
        if (result.Outcome == SinkOutcome.Delivered && subscription.State == SubscriptionState.Running && subscription.ConsecutiveFailures == 0)
        {
            await using var scope = Scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
            var now = Time.GetUtcNow().UtcDateTime;
            var (id, stamp, start, last, count) = (subscription.Id, subscription.ConcurrencyStamp, batch.StartCursor, batch.LastSequence, batch.Items.Count);
            var updated = await lease.TryRenewAsync(
                db.ExportSubscriptions.Where(s => s.Id == id && s.ConcurrencyStamp == stamp && s.Cursor == start
                    && s.State == SubscriptionState.Running && s.ConsecutiveFailures == 0),
                stoppingToken,
                s => s.SetProperty(x => x.Cursor, last).SetProperty(x => x.DeliveredCount, x => x.DeliveredCount + count).SetProperty(x => x.LastDeliveredAt, now));
            if (updated)
            {
                return;
            }
        }

        await CommitFreshAsync(subscription.Id, batch.StartCursor, result, batch.Items.Count, batch.LastSequence, stoppingToken);
    }

    /// <summary>
    /// Records a delivery's outcome on a fresh read of the subscription, so that an operator's change made while the
    /// batch was in flight (pause, replay, new settings) is kept: a replay's rewound cursor is not moved forward by a
    /// batch sent before it. Retried when an operator's change lands between the read and the write.
    /// </summary>
    private async Task CommitFreshAsync(Guid id, long startCursor, SinkResult result, int count, long lastSequence, CancellationToken stoppingToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await using var scope = Scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
            var subscription = await db.ExportSubscriptions.FirstOrDefaultAsync(s => s.Id == id, stoppingToken);
            if (subscription is null || !lease.Holds(subscription))
            {
                return;
            }

            var now = Time.GetUtcNow().UtcDateTime;
            EventCode? code = null;
            if (result.Outcome != SinkOutcome.Delivered)
            {
                code = subscription.Failed(result, now);
            }
            else if (subscription.Cursor == startCursor && (count > 0 || lastSequence > startCursor))
            {
                code = subscription.Delivered(lastSequence, count, now);
            }

            if (code is { } transition)
            {
                scope.ServiceProvider.GetRequiredService<IJournal>().Record(transition, ExportSubscriptionService.Describe(subscription, result.Error));
            }

            lease.Extend(subscription);
            try
            {
                await db.SaveChangesAsync(stoppingToken);
                return;
            }
            catch (DbUpdateConcurrencyException)
            {
                // An operator changed the subscription meanwhile: read it again and apply the outcome to that.
            }
        }
    }

    /// <summary>
    /// Sends while holding the lease: renewed just before the send (a linger or a slow read may have taken a while) unless
    /// at least two thirds of it are left (the previous batch's commit has just extended it, and no other replica can
    /// take a lease that has not lapsed: on SQLite this saves a write per batch), and then every third of its duration, so that a batch slower than the lease (a receiver that takes long to answer, an
    /// indexer acknowledgement that takes long to come) is not taken over and sent again by another replica at the same
    /// time. Should the lease be lost anyway (this replica stalled past it), the send is abandoned: the replica that
    /// holds the lease now sends the batch again.
    /// </summary>
    private async Task<SinkResult> SendLeasedAsync(ExportSubscription subscription, IExportSink sink, ExportBatch batch, CancellationToken stoppingToken)
    {
        var id = subscription.Id;
        var lost = SinkResult.Retryable("This replica lost the subscription's lease before the batch was confirmed.");
        if (lease.IsDue(subscription) && !await RenewAsync(id, stoppingToken))
        {
            LogLeaseLost(Logger, id);
            return lost;
        }

        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var sending = SendAsync(sink, batch, leaseLost.Token);
        while (true)
        {
            var renewal = Task.Delay(lease.RenewalInterval, Time, stoppingToken);
            if (await Task.WhenAny(sending, renewal) == sending)
            {
                return await sending;
            }

            await renewal;
            if (await RenewAsync(id, stoppingToken))
            {
                continue;
            }

            LogLeaseLost(Logger, id);
            await leaseLost.CancelAsync();
            try
            {
                await sending;
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // Abandoned on purpose.
            }

            return lost;
        }
    }

    /// <summary>Extends this replica's lease; false when another replica holds it. A database that does not answer keeps the lease as it is.</summary>
    private async Task<bool> RenewAsync(Guid id, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            return await lease.TryRenewAsync(scope.ServiceProvider.GetRequiredService<DocketDbContext>().ExportSubscriptions.Where(s => s.Id == id), stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogWorkerFailed(Logger, exception, id);
            return true;
        }
    }

    private async Task<SinkResult> SendAsync(IExportSink sink, ExportBatch batch, CancellationToken stoppingToken)
    {
        try
        {
            return await sink.SendAsync(batch, stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // A sink that throws is treated as a receiver that did not answer. The message stays in the server's log: it
            // may quote what the destination sent, which lastError never shows.
            LogSinkThrew(Logger, exception);
            return SinkResult.Retryable($"the sink failed unexpectedly ({exception.GetType().Name}); the server's log has the details.");
        }
    }

    /// <summary>Waits out the back-off of a retrying subscription; true when it waited (the caller re-reads state).</summary>
    private async Task<bool> BackOffAsync(ExportSubscription subscription, CancellationToken stoppingToken)
    {
        if (subscription.State != SubscriptionState.Retrying || subscription.LastErrorAt is null)
        {
            return false;
        }

        var exponent = Math.Min(subscription.ConsecutiveFailures - 1, 16);
        var delay = Math.Min(options.Value.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, exponent)), options.Value.MaxRetryDelay.TotalMilliseconds);
        // Full jitter between half and all of the delay, so replicas and subscriptions do not retry in step.
        var due = DateTime.SpecifyKind(subscription.LastErrorAt.Value, DateTimeKind.Utc) + TimeSpan.FromMilliseconds(delay * (0.5 + (Random.Shared.NextDouble() / 2)));
        var wait = due - Time.GetUtcNow().UtcDateTime;
        if (wait <= TimeSpan.Zero)
        {
            return false;
        }

        await Task.Delay(wait < lease.RenewalInterval ? wait : lease.RenewalInterval, Time, stoppingToken);
        await using var scope = Scopes.CreateAsyncScope();
        await lease.TryRenewAsync(scope.ServiceProvider.GetRequiredService<DocketDbContext>().ExportSubscriptions.Where(s => s.Id == subscription.Id), stoppingToken);
        return true;
    }

    private async Task ReleaseAsync(Guid id)
    {
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            await lease.ReleaseAsync(scope.ServiceProvider.GetRequiredService<DocketDbContext>().ExportSubscriptions.Where(s => s.Id == id), CancellationToken.None);
        }
        catch (Exception exception)
        {
            // The lease lapses by itself; another replica takes over after LeaseDuration.
            LogWorkerFailed(Logger, exception, id);
        }
    }

    /// <summary>What a batch is read with, taken from the subscription before reading ahead (the entity stays with its own scope).</summary>
    private sealed record BatchSettings(ExportRecordFilter Filter, int MaxBatchEvents, int MaxBatchBytes, int LingerMilliseconds, IExportProfile Profile, Guid Stamp)
    {
        public static BatchSettings Of(ExportSubscription subscription, IServiceProvider services) => new(
            new ExportRecordFilter(subscription.TenantId, JsonSerializer.Deserialize<ExportFilter>(subscription.Filter, FilterJson) ?? new ExportFilter()),
            subscription.MaxBatchEvents,
            subscription.MaxBatchBytes,
            subscription.LingerMilliseconds,
            services.GetRequiredKeyedService<IExportProfile>(subscription.Profile),
            subscription.ConcurrencyStamp);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Export worker for subscription {Id} failed")]
    private static partial void LogWorkerFailed(ILogger logger, Exception exception, Guid id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An export sink failed unexpectedly")]
    private static partial void LogSinkThrew(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export subscription {Id}: another replica took the lease; this one does not send its batch")]
    private static partial void LogLeaseLost(ILogger logger, Guid id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export subscription {Name}: delivery {Outcome}: {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, string name, SinkOutcome outcome, string error);
}
