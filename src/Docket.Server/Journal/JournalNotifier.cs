using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Docket.Server.Journal;

/// <summary>
/// Wakes this node's journal followers (live tails, exporters) when a transaction commits, so they need not
/// poll hard. Followers still poll slowly as a fallback, for commits made by other replicas.
/// </summary>
public sealed class JournalNotifier : DbTransactionInterceptor
{
    private TaskCompletionSource signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A task that completes at the next commit.</summary>
    public Task NextCommit => Volatile.Read(ref signal).Task;

    public void Notify() => Interlocked.Exchange(ref signal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Notify();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Notify();
        return Task.CompletedTask;
    }
}
