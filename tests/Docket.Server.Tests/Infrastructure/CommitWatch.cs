using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Docket.Server.Tests.Infrastructure;

/// <summary>
/// Runs a probe just before each commit the server makes through EF Core, while the committing transaction still
/// holds its writes: a probe that reads on a connection of its own sees what was committed before, and nothing of
/// what is about to be. The server commits asynchronously; a synchronous commit is counted, not probed, so that a
/// test can tell it saw every commit.
/// </summary>
public sealed class CommitWatch : DbTransactionInterceptor
{
    private Func<CancellationToken, Task>? probe;
    private int unprobed;

    /// <summary>Synchronous commits made while a probe was watching: each one escaped it.</summary>
    public int UnprobedCommits => Volatile.Read(ref unprobed);

    /// <summary>Probes each commit from now until the returned handle is disposed. Concurrent commits run it concurrently.</summary>
    public IDisposable Watch(Func<CancellationToken, Task> beforeEachCommit)
    {
        if (Interlocked.CompareExchange(ref probe, beforeEachCommit, null) is not null)
        {
            throw new InvalidOperationException("One watch at a time.");
        }

        return new Stop(this);
    }

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref probe) is { } watching)
        {
            await watching(cancellationToken);
        }

        return result;
    }

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        if (Volatile.Read(ref probe) is not null)
        {
            Interlocked.Increment(ref unprobed);
        }

        return result;
    }

    private sealed class Stop(CommitWatch watch) : IDisposable
    {
        public void Dispose() => Volatile.Write(ref watch.probe, null);
    }
}
