using System.Collections.Concurrent;

namespace Docket.Server.Features.Agents;

/// <summary>
/// Who on this replica waits for the answer to which command. An answer that arrives on this replica's stream wakes its
/// waiter at once; an answer that arrives on another replica is found by the waiter's own poll of the row.
/// </summary>
public sealed class AgentCommandAnswers
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> waiting = new();

    /// <summary>A task that completes when <see cref="Answered"/> names the command on this replica.</summary>
    public Task Wait(Guid commandId) =>
        waiting.GetOrAdd(commandId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Answered(Guid commandId)
    {
        if (waiting.TryRemove(commandId, out var answer))
        {
            answer.TrySetResult();
        }
    }

    public void Forget(Guid commandId) => waiting.TryRemove(commandId, out _);
}
