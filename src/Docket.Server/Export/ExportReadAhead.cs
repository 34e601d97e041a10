using System.Threading.Channels;

namespace Docket.Server.Export;

/// <summary>
/// Reads and renders a subscription's next batches in the background while the runner sends the current one: up to
/// <c>depth</c> batches wait ready, one after the other from the cursor it was started at, so that reading goes on
/// whenever a core is free rather than only while one send is in flight. It stops by itself at the journal's head;
/// the runner's own pass reads, lingers and waits from there.
/// </summary>
/// <remarks>
/// Only reading runs ahead: sends and cursor commits stay one at a time and in order in the runner, so delivery is
/// still at-least-once in journal order. A batch is used only if it starts at the cursor the runner just read, with
/// the same settings; anything else (a replay, a pause, new settings, a failed send) throws the read-ahead away.
/// </remarks>
internal sealed class ExportReadAhead : IAsyncDisposable
{
    private readonly Channel<PreparedBatch> ready;
    private readonly CancellationTokenSource stop;
    private readonly Task reading;

    /// <summary>Starts reading the batches after <paramref name="cursor"/>, each through <paramref name="prepare"/>.</summary>
    public ExportReadAhead(int depth, Guid stamp, long cursor, Func<long, CancellationToken, Task<PreparedBatch>> prepare, CancellationToken stoppingToken)
    {
        Stamp = stamp;
        ready = Channel.CreateBounded<PreparedBatch>(new BoundedChannelOptions(Math.Max(1, depth)) { SingleReader = true, SingleWriter = true });
        stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        reading = Task.Run(() => ReadAsync(cursor, prepare), CancellationToken.None);
    }

    /// <summary>The settings' stamp the batches are read with.</summary>
    public Guid Stamp { get; }

    /// <summary>
    /// The next batch read ahead, when it starts at <paramref name="cursor"/> and was read with <paramref name="stamp"/>;
    /// null when it does not fit or when reading ahead stopped at the head. A read that failed throws here.
    /// </summary>
    public async Task<PreparedBatch?> TakeAsync(long cursor, Guid stamp)
    {
        if (stamp != Stamp)
        {
            return null;
        }

        if (await ready.Reader.WaitToReadAsync(CancellationToken.None) && ready.Reader.TryRead(out var batch))
        {
            return batch.StartCursor == cursor ? batch : null;
        }

        // Completed: at the head, or failed, and then the failure is thrown for the runner to report.
        await ready.Reader.Completion;
        return null;
    }

    /// <summary>Stops reading ahead and waits for the read in progress, so that no read outlives its worker or runs beside the next one.</summary>
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await reading;
        stop.Dispose();
    }

    private async Task ReadAsync(long cursor, Func<long, CancellationToken, Task<PreparedBatch>> prepare)
    {
        try
        {
            while (true)
            {
                var batch = await prepare(cursor, stop.Token);
                if (batch.Items.Count == 0)
                {
                    // An empty batch may be stale by the time it would be taken: the runner reads again instead.
                    break;
                }

                await ready.Writer.WriteAsync(batch, stop.Token);
                if (batch.AtHead)
                {
                    break;
                }

                cursor = batch.LastSequence;
            }

            ready.Writer.TryComplete();
        }
        catch (Exception exception)
        {
            // Cancelled (thrown away) or failed: either way the runner reads again from its cursor.
            ready.Writer.TryComplete(exception);
        }
    }
}
