namespace Docket.Server.Features.DataSets;

/// <summary>Wakes this node's archive builder when a build is queued here; other replicas' requests are found by polling.</summary>
public sealed class DataSetArchiveSignal
{
    private TaskCompletionSource signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Notify() => Interlocked.Exchange(ref signal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits for the next request or the poll interval, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan pollInterval, TimeProvider time, CancellationToken cancellationToken)
    {
        var next = Volatile.Read(ref signal).Task;
        await Task.WhenAny(next, Task.Delay(pollInterval, time, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
    }
}
