using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Docket.Server.Workers;

/// <summary>
/// One replica's hold on rows that several replicas may try to work on at once (an export subscription, an archive
/// build). A row is taken by one conditional UPDATE that matches only while its lease is free, lapsed or already this
/// owner's, so of two replicas that try at once exactly one wins; it is renewed only while this owner still holds it,
/// and released on a clean stop. A replica that dies releases nothing: its lease lapses after <see cref="Duration"/>
/// and another replica takes the row over. Holders renew every <see cref="RenewalInterval"/>, so a lease lapses only
/// when its holder stalled for two thirds of it.
/// </summary>
/// <param name="owner">This holder's name (<see cref="NewOwner"/>), the same for every row it takes.</param>
/// <param name="duration">How long a take or a renewal holds the row.</param>
/// <param name="time">The clock that lease times are read from.</param>
public sealed class Lease(string owner, TimeSpan duration, TimeProvider time)
{
    public string Owner { get; } = owner;

    public TimeSpan Duration { get; } = duration;

    /// <summary>How often a holder renews: every third of the lease, so one late renewal still leaves it held.</summary>
    public TimeSpan RenewalInterval => Duration / 3;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>A holder name unique to this process: the node's id (shown to operators) and a random suffix for this start.</summary>
    public static string NewOwner(string nodeId) => nodeId + "/" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The rows of <paramref name="rows"/> this owner could take now: free, lapsed, or its own already.</summary>
    public IQueryable<T> Takeable<T>(IQueryable<T> rows)
        where T : class, ILeased
    {
        var (holder, now) = (Owner, Now);
        return rows.Where(r => r.LeaseOwner == holder || r.LeaseOwner == null || r.LeaseUntil < now);
    }

    /// <summary>The rows of <paramref name="rows"/> this owner holds (its lease may have lapsed, but nobody took it over).</summary>
    public IQueryable<T> Held<T>(IQueryable<T> rows)
        where T : class, ILeased
    {
        var holder = Owner;
        return rows.Where(r => r.LeaseOwner == holder);
    }

    /// <summary>
    /// Takes <paramref name="row"/> (the caller narrows the query to one row, and may add conditions of its own) with one
    /// conditional update, setting <paramref name="alsoSet"/>'s columns in the same statement; false when another owner
    /// holds it and its lease has not lapsed.
    /// </summary>
    public async Task<bool> TryTakeAsync<T>(IQueryable<T> row, CancellationToken cancellationToken, Action<UpdateSettersBuilder<T>>? alsoSet = null)
        where T : class, ILeased
    {
        var (holder, until) = (Owner, Now + Duration);
        var taken = await Takeable(row).ExecuteUpdateAsync(
            s =>
            {
                s.SetProperty(r => r.LeaseOwner, holder).SetProperty(r => r.LeaseUntil, until);
                alsoSet?.Invoke(s);
            },
            cancellationToken);
        return taken == 1;
    }

    /// <summary>
    /// Extends this owner's lease on <paramref name="row"/> by a full <see cref="Duration"/>, setting
    /// <paramref name="alsoSet"/>'s columns in the same statement; false once another owner took the row (or it was
    /// released, or the caller's own conditions no longer match): the caller must stop working on it.
    /// </summary>
    public async Task<bool> TryRenewAsync<T>(IQueryable<T> row, CancellationToken cancellationToken, Action<UpdateSettersBuilder<T>>? alsoSet = null)
        where T : class, ILeased
    {
        var until = Now + Duration;
        var renewed = await Held(row).ExecuteUpdateAsync(
            s =>
            {
                s.SetProperty(r => r.LeaseUntil, until);
                alsoSet?.Invoke(s);
            },
            cancellationToken);
        return renewed == 1;
    }

    /// <summary>Gives <paramref name="row"/> up if this owner still holds it, so that any replica may take it at once.</summary>
    public async Task ReleaseAsync<T>(IQueryable<T> row, CancellationToken cancellationToken, Action<UpdateSettersBuilder<T>>? alsoSet = null)
        where T : class, ILeased =>
        await Held(row).ExecuteUpdateAsync(
            s =>
            {
                s.SetProperty(r => r.LeaseOwner, (string?)null).SetProperty(r => r.LeaseUntil, (DateTime?)null);
                alsoSet?.Invoke(s);
            },
            cancellationToken);

    /// <summary>Whether this owner holds <paramref name="row"/>, as last read.</summary>
    public bool Holds(ILeased row) => row.LeaseOwner == Owner;

    /// <summary>
    /// Whether the lease on <paramref name="row"/>, as last read or extended, is due for renewal: a third of it has
    /// passed. Work that renews as it goes does so only then, not at every step.
    /// </summary>
    public bool IsDue(ILeased row) =>
        row.LeaseUntil is not { } until || DateTime.SpecifyKind(until, DateTimeKind.Utc) - Now < Duration - RenewalInterval;

    /// <summary>
    /// Extends the lease on a tracked <paramref name="row"/>, to be saved with the caller's other changes in one commit;
    /// the row's concurrency token is what makes that save fail if another owner took it meanwhile.
    /// </summary>
    public void Extend(ILeased row) => row.LeaseUntil = Now + Duration;

    /// <summary>Clears the lease on a tracked <paramref name="row"/> whose work is done, saved with the caller's other changes.</summary>
    public static void Clear(ILeased row)
    {
        row.LeaseOwner = null;
        row.LeaseUntil = null;
    }
}
