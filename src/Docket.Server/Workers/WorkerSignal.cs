namespace Docket.Server.Workers;

/// <summary>
/// Wakes a <see cref="BackgroundWorker"/> before its interval ends, when work is queued on this replica; work queued on
/// other replicas is found by the worker's poll. A worker's signal is a type of its own (a subclass), so that the code
/// that queues the work and the worker find the same one in DI.
/// </summary>
public class WorkerSignal
{
    private TaskCompletionSource signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes when <see cref="Notify"/> is next called. A worker takes it before a pass, so that work queued while
    /// the pass ran still wakes the wait after it.
    /// </summary>
    public Task Next => Volatile.Read(ref signal).Task;

    public void Notify() => Interlocked.Exchange(ref signal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
