using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Identity;

/// <summary>
/// Counts failed logins per user and client address (<see cref="LoginLockout"/>) in the database, atomically, so that
/// concurrent guesses, on any number of replicas over one database, get at most <c>Identity:Lockout:MaxFailedAttempts</c>
/// password checks before the lockout. Each attempt takes its place in the count with one conditional upsert before its
/// password is checked (a count at the limit takes none); a right password then forgets the count. No read-modify-write.
/// </summary>
public sealed class LockoutCounter(DocketDbContext db, IOptions<IdentityOptions> options, TimeProvider time)
{
    /// <summary>
    /// Counts an attempt of <paramref name="address"/> at <paramref name="userId"/>'s password. Its number (1 to the
    /// limit) when it may check the password; null when the address is locked out.
    /// </summary>
    public async Task<int?> TryCountAsync(Guid userId, string address, CancellationToken cancellationToken)
    {
        var lockout = options.Value.Lockout;
        var now = time.GetUtcNow().UtcDateTime;
        var staleBefore = now - lockout.Duration;

        // One statement, so the count is raised and read under the row's lock: in PostgreSQL the upsert locks the row,
        // in SQLite the statement holds the database's write lock. A count whose last attempt is a lockout duration
        // old starts over, which also ends a lockout that long after it began.
        var counted = await db.Database.SqlQuery<int>($"""
            INSERT INTO login_lockouts (user_id, client_address, failed_count, last_failure_at)
            VALUES ({userId}, {address}, 1, {now})
            ON CONFLICT (user_id, client_address) DO UPDATE
            SET failed_count = CASE WHEN login_lockouts.last_failure_at <= {staleBefore} THEN 1 ELSE login_lockouts.failed_count + 1 END,
                last_failure_at = excluded.last_failure_at
            WHERE login_lockouts.failed_count < {lockout.MaxFailedAttempts} OR login_lockouts.last_failure_at <= {staleBefore}
            RETURNING failed_count AS "Value"
            """).ToListAsync(cancellationToken);
        return counted.Count == 0 ? null : counted[0];
    }

    /// <summary>When the lockout of <paramref name="address"/> ends (for the journal's text).</summary>
    public async Task<DateTime?> LockedUntilAsync(Guid userId, string address, CancellationToken cancellationToken)
    {
        var last = await db.LoginLockouts.AsNoTracking()
            .Where(l => l.UserId == userId && l.ClientAddress == address)
            .Select(l => (DateTime?)l.LastFailureAt)
            .FirstOrDefaultAsync(cancellationToken);
        return last + options.Value.Lockout.Duration;
    }

    /// <summary>
    /// Forgets the count of <paramref name="address"/> (a right password), or of every address when it is null (an unblock
    /// or a new password), and the user's counts that went stale, so that the table holds recent attempts only.
    /// </summary>
    public async Task ForgetAsync(Guid userId, string? address, CancellationToken cancellationToken)
    {
        var staleBefore = time.GetUtcNow().UtcDateTime - options.Value.Lockout.Duration;
        await db.LoginLockouts
            .Where(l => l.UserId == userId && (address == null || l.ClientAddress == address || l.LastFailureAt <= staleBefore))
            .ExecuteDeleteAsync(cancellationToken);
    }
}
