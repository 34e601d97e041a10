namespace Docket.Server.Security;

/// <summary>One stream's watch over its caller (see <see cref="CallerWatcher"/>): dispose it when the stream ends.</summary>
public sealed class CallerWatch(CancellationTokenSource ended, Task recheck) : IAsyncDisposable
{
    /// <summary>Cancelled when the client leaves or the caller may no longer have the stream: end the stream then.</summary>
    public CancellationToken Ended => ended.Token;

    public async ValueTask DisposeAsync()
    {
        await ended.CancelAsync();
        await recheck;
        ended.Dispose();
    }
}
