using System.Collections.Concurrent;

namespace Docket.Server.Features.Agents;

/// <summary>
/// Who on this replica waits for the answer to which command. An answer that arrives on this replica's stream is
/// handed to its waiter at once, with no read of the row; an answer that arrives on another replica is found by the
/// waiter's own poll of the row.
/// </summary>
public sealed class AgentCommandAnswers
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<AgentCommandAnswer>> waiting = new();

    /// <summary>A task that completes with the answer when <see cref="Answered"/> names the command on this replica.</summary>
    public Task<AgentCommandAnswer> Wait(Guid commandId) =>
        waiting.GetOrAdd(commandId, _ => new TaskCompletionSource<AgentCommandAnswer>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Answered(Guid commandId, AgentCommandAnswer answer)
    {
        if (waiting.TryRemove(commandId, out var waiter))
        {
            waiter.TrySetResult(answer);
        }
    }

    public void Forget(Guid commandId) => waiting.TryRemove(commandId, out _);
}
