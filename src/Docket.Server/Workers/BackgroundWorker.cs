namespace Docket.Server.Workers;

/// <summary>
/// The loop every background worker shares, as Hangfire's background processes do: run a pass, wait for the worker's
/// <see cref="Signal"/> or its <see cref="Interval"/>, and again, until the host stops. Each pass runs in a DI scope
/// of its own. A pass that fails is logged and followed by a back-off that starts at the interval and doubles with
/// each failure in a row, up to <see cref="MaxBackOff"/>, so a worker neither dies of an error nor spins on one; a
/// signal still wakes it. A subclass says only what one pass does and how long to wait between passes.
/// </summary>
public abstract partial class BackgroundWorker(IServiceScopeFactory scopes, TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>Scopes for work a subclass does beside its passes (each pass gets one of its own).</summary>
    protected IServiceScopeFactory Scopes { get; } = scopes;

    protected TimeProvider Time { get; } = time;

    /// <summary>The subclass's logger, under its own category.</summary>
    protected ILogger Logger { get; } = logger;

    /// <summary>How long to wait after a pass; read before each wait, so that options that reload apply to the next one.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>The longest back-off after failures in a row; a worker whose interval is longer waits its interval.</summary>
    protected virtual TimeSpan MaxBackOff => TimeSpan.FromMinutes(1);

    /// <summary>Wakes the worker before its interval ends; null when only the interval does.</summary>
    protected virtual WorkerSignal? Signal => null;

    /// <summary>Whether the first pass waits one interval, for work that need not run at every start.</summary>
    protected virtual bool WaitsFirst => false;

    /// <summary>Runs once before the first pass. Its failure is logged and the passes run anyway.</summary>
    protected virtual Task StartingAsync(CancellationToken stoppingToken) => Task.CompletedTask;

    /// <summary>
    /// One pass, with <paramref name="services"/> from the pass's own scope. Returns true when more work is waiting, so
    /// the next pass runs at once instead of after the interval.
    /// </summary>
    protected abstract Task<bool> RunPassAsync(IServiceProvider services, CancellationToken stoppingToken);

    /// <summary>Runs once after the last pass, when the host stops: work the worker started beside its passes ends here.</summary>
    protected virtual Task StoppedAsync() => Task.CompletedTask;

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await StartingAsync(stoppingToken);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped before the first pass: nothing to end.
            return;
        }
        catch (Exception exception)
        {
            LogStartFailed(Logger, exception, GetType().Name);
        }

        try
        {
            await LoopAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping during a wait.
        }
        finally
        {
            await StoppedAsync();
        }
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        if (WaitsFirst)
        {
            await WaitAsync(Interval, Signal?.Next, stoppingToken);
        }

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before the pass, so that work queued while it runs wakes the wait after it.
            var woken = Signal?.Next;
            var more = false;
            try
            {
                await using var scope = Scopes.CreateAsyncScope();
                more = await RunPassAsync(scope.ServiceProvider, stoppingToken);
                failures = 0;
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping: whatever the pass threw on its way out is no failure.
                return;
            }
            catch (Exception exception)
            {
                failures++;
                LogPassFailed(Logger, exception, GetType().Name, BackOff(failures));
            }

            if (!more)
            {
                await WaitAsync(BackOff(failures), woken, stoppingToken);
            }
        }
    }

    /// <summary>The wait before the next pass: the interval, doubled for each failure in a row after the first, up to the cap.</summary>
    private TimeSpan BackOff(int failures)
    {
        var interval = Interval;
        if (failures <= 1)
        {
            return interval;
        }

        var cap = interval > MaxBackOff ? interval : MaxBackOff;
        // In ticks as a double: a long interval doubled many times would overflow a TimeSpan.
        var doubled = interval.Ticks * Math.Pow(2, Math.Min(failures - 1, 62));
        return doubled < cap.Ticks ? TimeSpan.FromTicks((long)doubled) : cap;
    }

    /// <summary>Waits for <paramref name="wait"/> to pass or <paramref name="woken"/> to complete, whichever comes first.</summary>
    private async Task WaitAsync(TimeSpan wait, Task? woken, CancellationToken stoppingToken)
    {
        if (woken is null)
        {
            await Task.Delay(wait, Time, stoppingToken);
            return;
        }

        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        await Task.WhenAny(woken, Task.Delay(wait, Time, waiting.Token));
        // Woken early: the timer goes now rather than at the end of the interval.
        await waiting.CancelAsync();
        stoppingToken.ThrowIfCancellationRequested();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Worker} failed to start; its passes run anyway")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, string worker);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Worker} pass failed; the next pass runs in {BackOff}")]
    private static partial void LogPassFailed(ILogger logger, Exception exception, string worker, TimeSpan backOff);
}
