using System.Collections.Concurrent;

namespace Docket.Server.Security;

/// <summary>
/// In-process news that something about a user's right to be signed in changed (blocked, password set, roles or role
/// rights changed, a session ended, a key revoked), announced after the change commits. Long-lived streams on this
/// replica re-check their caller at once instead of at their next periodic check; other replicas rely on that check.
/// </summary>
public sealed class CredentialSignals
{
    // One pending signal per user somebody waits on; an announcement completes it and the next wait makes a new one.
    // At most one entry per user, so the map stays as small as the user table.
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> pending = new();

    /// <summary>A task that completes at the next announcement for <paramref name="userId"/>.</summary>
    public Task NextChange(Guid userId) =>
        pending.GetOrAdd(userId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Announce(Guid userId)
    {
        if (pending.TryRemove(userId, out var signal))
        {
            signal.TrySetResult();
        }
    }

    public void Announce(IEnumerable<Guid> userIds)
    {
        foreach (var userId in userIds)
        {
            Announce(userId);
        }
    }
}
