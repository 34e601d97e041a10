using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Docket.Benchmarks;

/// <summary>
/// Database time spent inside one request, read from EF Core's DiagnosticListener events, so the server's code is
/// measured as it is, without an interceptor of its own. The bench's middleware <see cref="Begin"/>s a tally for the
/// upload request; an async-local carries it into the request's EF Core calls, and background workers (which run on
/// other flows) are not counted.
/// </summary>
internal sealed class DbTimeProbe : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private static readonly HashSet<string> Wanted =
    [
        RelationalEventId.CommandExecuted.Name!,
        RelationalEventId.TransactionStarted.Name!,
        RelationalEventId.TransactionCommitted.Name!,
        RelationalEventId.TransactionRolledBack.Name!,
    ];

    private readonly AsyncLocal<DbTally?> current = new();
    private readonly List<IDisposable> subscriptions = [];

    public DbTimeProbe() => subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));

    /// <summary>Starts counting for the calling flow and what it awaits; the tally is the one returned.</summary>
    public DbTally Begin()
    {
        var tally = new DbTally();
        current.Value = tally;
        return tally;
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            lock (subscriptions)
            {
                subscriptions.Add(value.Subscribe(this, name => Wanted.Contains(name)));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (current.Value is not { } tally)
        {
            return;
        }

        if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData executed)
        {
            tally.Command(executed.Duration);
        }
        else if (value.Key == RelationalEventId.TransactionStarted.Name)
        {
            tally.TransactionStarted();
        }
        else if (value.Value is TransactionEndEventData ended)
        {
            // The event's own duration is the COMMIT's (or ROLLBACK's) alone.
            tally.TransactionEnded(ended.Duration);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (subscriptions)
        {
            foreach (var subscription in subscriptions)
            {
                subscription.Dispose();
            }

            subscriptions.Clear();
        }
    }
}

/// <summary>
/// What one request spent in the database, in wall time: its transactions from BEGIN to COMMIT (the images'
/// INSERTs, the journal's head row and records, which the journal writes with its own commands, and the commit),
/// and the EF Core commands run outside a transaction (authentication, the per-file duplicate look-up).
/// </summary>
internal sealed class DbTally
{
    private long begun;

    public int Transactions { get; private set; }
    public TimeSpan TransactionTime { get; private set; }
    public TimeSpan CommitTime { get; private set; }
    public int CommandsInTransactions { get; private set; }
    public TimeSpan CommandTimeInTransactions { get; private set; }
    public int QueryCount { get; private set; }
    public TimeSpan Queries { get; private set; }

    public TimeSpan Total => TransactionTime + Queries;

    public void TransactionStarted() => begun = Stopwatch.GetTimestamp();

    public void TransactionEnded(TimeSpan commit)
    {
        if (begun == 0)
        {
            return;
        }

        Transactions++;
        TransactionTime += Stopwatch.GetElapsedTime(begun);
        CommitTime += commit;
        begun = 0;
    }

    public void Command(TimeSpan duration)
    {
        if (begun != 0)
        {
            CommandsInTransactions++;
            CommandTimeInTransactions += duration;
        }
        else
        {
            QueryCount++;
            Queries += duration;
        }
    }
}
