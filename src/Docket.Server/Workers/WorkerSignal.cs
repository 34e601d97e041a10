namespace Docket.Server.Workers;

/// <summary>
/// Wakes a <see cref="BackgroundWorker"/> before its interval ends, when work is queued on this replica; work queued on
/// other replicas is found by the worker's poll. A worker's signal is a type of its own (a subclass), so that the code
/// that queues the work and the worker find the same one in DI.
/// </summary>
public class WorkerSignal
{
    private TaskCompletionSource signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Notify() => Interlocked.Exchange(ref signal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits for the next <see cref="Notify"/> or <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var next = Volatile.Read(ref signal).Task;
        await Task.WhenAny(next, Task.Delay(timeout, time, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
    }
}
