using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Docket.Engines.Messages;

namespace Docket.Engines.External;

/// <summary>
/// A warm inference engine over <see cref="EngineProcess"/>: pages go to its stdin one line each with an id, answers
/// come back in any order and are matched by id. At most the engine's declared concurrency is sent at once; a page
/// that times out keeps its slot until its late answer comes (the engine is still busy with it), and when the engine
/// ends every page still waiting ends with it.
/// </summary>
internal sealed class ExternalInferenceSession : IInferenceSession
{
    private readonly TimeProvider time;
    private readonly TimeSpan requestTimeout;
    private readonly TaskCompletionSource<bool> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<EngineAnswer?>> pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim slots = new(0);
    private readonly SemaphoreSlim writing = new(1, 1);
    private readonly CancellationTokenSource endedSource = new();
    private EngineProcess process = null!;
    private Task ending = Task.CompletedTask;
    private string endReason = "the engine ended";
    private long lastId;

    private ExternalInferenceSession(TimeProvider time, TimeSpan requestTimeout)
    {
        this.time = time;
        this.requestTimeout = requestTimeout;
    }

    public int? ProcessId => process.ProcessId;

    public int Concurrency { get; private set; }

    public Task<EngineRunResult> Completion => process.Completion;

    public static async Task<ExternalInferenceSession> StartAsync(
        EngineRunRequest request, ExternalEngineOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var session = new ExternalInferenceSession(time, request.RequestTimeout ?? options.RequestTimeout);
        session.process = await EngineProcess.StartAsync(request, options, time, session.Intercept, cancellationToken);
        session.ending = session.EndWithAsync();
        return session;
    }

    public async Task<bool> WaitReadyAsync(CancellationToken cancellationToken) => await ready.Task.WaitAsync(cancellationToken);

    public IAsyncEnumerable<EngineMessage> ReadMessagesAsync(CancellationToken cancellationToken) => process.ReadMessagesAsync(cancellationToken);

    public async Task<InferenceResult> InferAsync(string pagePath, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref lastId).ToString(CultureInfo.InvariantCulture);
        var started = time.GetTimestamp();
        using var deadline = new CancellationTokenSource(requestTimeout, time);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token, endedSource.Token);
        try
        {
            if (!await ready.Task.WaitAsync(waiting.Token))
            {
                return Ended(id, started);
            }

            await slots.WaitAsync(waiting.Token);
        }
        catch (OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return endedSource.IsCancellationRequested ? Ended(id, started) : TimedOut(id, started);
        }

        var answer = new TaskCompletionSource<EngineAnswer?>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = answer;
        // The engine may have ended between the wait and the line above, after its pending pages were swept.
        if (endedSource.IsCancellationRequested && pending.TryRemove(id, out _))
        {
            return Ended(id, started);
        }

        try
        {
            var line = JsonSerializer.SerializeToUtf8Bytes(new PageRequest { Id = id, Path = pagePath }, EngineJson.Options);
            await writing.WaitAsync(waiting.Token);
            try
            {
                await process.WriteLineAsync(line, waiting.Token);
            }
            finally
            {
                writing.Release();
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // The line never reached the engine: its slot is free again.
            if (pending.TryRemove(id, out _))
            {
                slots.Release();
            }

            cancellationToken.ThrowIfCancellationRequested();
            return deadline.IsCancellationRequested && !endedSource.IsCancellationRequested ? TimedOut(id, started) : Ended(id, started);
        }

        EngineAnswer? answered;
        try
        {
            answered = await answer.Task.WaitAsync(waiting.Token);
        }
        catch (OperationCanceledException) when (!answer.Task.IsCompleted)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return endedSource.IsCancellationRequested ? Ended(id, started) : TimedOut(id, started);
        }
        catch (OperationCanceledException)
        {
            answered = await answer.Task;
        }

        return answered switch
        {
            null => Ended(id, started),
            { Error: { } error } => new InferenceResult { Outcome = InferenceOutcome.Refused, Id = id, Reason = error, Duration = time.GetElapsedTime(started) },
            _ => new InferenceResult { Outcome = InferenceOutcome.Answered, Id = id, Fields = answered.Fields ?? [], Duration = time.GetElapsedTime(started) },
        };
    }

    public Task<EngineRunResult> StopAsync(CancellationToken cancellationToken) => process.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await process.DisposeAsync();
        await ending;
        endedSource.Dispose();
        slots.Dispose();
        writing.Dispose();
    }

    /// <summary>Takes the ready line and the answers off the message stream.</summary>
    private bool Intercept(EngineMessage message)
    {
        switch (message)
        {
            case EngineReady { Concurrency: var concurrency }:
                if (!ready.Task.IsCompleted)
                {
                    Concurrency = concurrency ?? 1;
                    process.EndStartTimeout();
                    slots.Release(Concurrency);
                    ready.TrySetResult(true);
                }

                return true;
            case EngineAnswer answer:
                if (pending.TryRemove(answer.Id, out var waiter))
                {
                    waiter.TrySetResult(answer);
                    slots.Release();
                }
                else
                {
                    process.Report(new EngineLog { Level = EngineLogLevel.Warning, Text = $"engine answered id {answer.Id}, which was not pending" });
                }

                return true;
            default:
                return false;
        }
    }

    private async Task EndWithAsync()
    {
        var result = await process.Completion;
        endReason = result.Reason is { } reason ? $"the engine ended: {reason}" : $"the engine ended ({result.Outcome})";
        endedSource.Cancel();
        ready.TrySetResult(false);
        foreach (var id in pending.Keys)
        {
            if (pending.TryRemove(id, out var waiter))
            {
                waiter.TrySetResult(null);
            }
        }
    }

    private InferenceResult Ended(string id, long started) =>
        new() { Outcome = InferenceOutcome.EngineEnded, Id = id, Reason = endReason, Duration = time.GetElapsedTime(started) };

    private InferenceResult TimedOut(string id, long started) =>
        new() { Outcome = InferenceOutcome.TimedOut, Id = id, Reason = $"no answer within {requestTimeout}", Duration = time.GetElapsedTime(started) };
}
