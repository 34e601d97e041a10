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
        RelationalEventId.TransactionCommitted.Name!,
        CoreEventId.SaveChangesStarting.Name!,
        CoreEventId.SaveChangesCompleted.Name!,
        CoreEventId.SaveChangesFailed.Name!,
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

        switch (value.Value)
        {
            case CommandExecutedEventData executed:
                tally.Command(executed.Duration);
                break;
            case TransactionEndEventData committed when value.Key == RelationalEventId.TransactionCommitted.Name:
                tally.Commit(committed.Duration);
                break;
            case DbContextEventData when value.Key == CoreEventId.SaveChangesStarting.Name:
                tally.SaveStarting();
                break;
            case DbContextEventData:
                tally.SaveEnded();
                break;
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
/// What one request spent in the database: <see cref="SaveChanges"/> is the wall time of its SaveChangesAsync calls
/// (change tracking, the journal's signing, the INSERTs and the commit); <see cref="Queries"/> the commands run
/// outside them (authentication, the per-file duplicate look-up).
/// </summary>
internal sealed class DbTally
{
    private long saveStarted;

    public int Saves { get; private set; }
    public TimeSpan SaveChanges { get; private set; }
    public int SaveCommands { get; private set; }
    public TimeSpan SaveCommandTime { get; private set; }
    public TimeSpan CommitTime { get; private set; }
    public int QueryCount { get; private set; }
    public TimeSpan Queries { get; private set; }

    public TimeSpan Total => SaveChanges + Queries;

    public void SaveStarting() => saveStarted = Stopwatch.GetTimestamp();

    public void SaveEnded()
    {
        if (saveStarted == 0)
        {
            return;
        }

        SaveChanges += Stopwatch.GetElapsedTime(saveStarted);
        Saves++;
        saveStarted = 0;
    }

    public void Command(TimeSpan duration)
    {
        if (saveStarted != 0)
        {
            SaveCommands++;
            SaveCommandTime += duration;
        }
        else
        {
            QueryCount++;
            Queries += duration;
        }
    }

    public void Commit(TimeSpan duration) => CommitTime += duration;
}
