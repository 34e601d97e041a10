using Docket.Agent.Protocol.V1;
using Docket.Server.Storage;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Agents;

/// <summary>
/// Commands for agents, from any replica: queued as rows (<see cref="AgentCommand"/>), sent by the replica that holds
/// the agent's stream (<see cref="AgentCommandDispatcher"/>), answered through the stream. Delivery is at least once:
/// a command sent on a stream that broke before its answer is sent again on the next, and the agent answers a command
/// id it has seen with the answer it gave.
/// </summary>
public sealed class AgentCommands(
    DocketDbContext db, TimeProvider time, AgentCommandSignal signal, AgentCommandAnswers answers, IOptions<AgentOptions> options)
{
    /// <summary>Queues <paramref name="command"/> for the agent (its command id is set here) and wakes this replica's dispatcher.</summary>
    public async Task<AgentCommand> QueueAsync(Guid agentId, Command command, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        command.CommandId = id.ToString();
        var row = new AgentCommand
        {
            Id = id,
            AgentId = agentId,
            Kind = KindOf(command),
            Payload = command.ToByteArray(),
            CreatedAt = now.UtcDateTime,
            ExpiresAt = (now + lifetime).UtcDateTime,
        };
        db.AgentCommands.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return row;
    }

    /// <summary>
    /// The command once answered, or null when <paramref name="timeout"/> passed first. An answer on this replica wakes
    /// the wait at once; one on another replica is seen by polling the row every <see cref="AgentOptions.CommandPollInterval"/>.
    /// </summary>
    public async Task<AgentCommand?> WaitForAnswerAsync(Guid commandId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var answered = answers.Wait(commandId);
        try
        {
            while (true)
            {
                var row = await db.AgentCommands.AsNoTracking().FirstOrDefaultAsync(c => c.Id == commandId, cancellationToken);
                if (row is null || row.AnsweredAt is not null)
                {
                    return row;
                }

                try
                {
                    await answered.WaitAsync(options.Value.CommandPollInterval, time, deadline.Token);
                }
                catch (TimeoutException)
                {
                    // The answer may have come through another replica: read the row again.
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            answers.Forget(commandId);
        }
    }

    /// <summary>
    /// Records the agent's answer, once: a second answer to the same command (after a resend) changes nothing, and an
    /// agent cannot answer another agent's command.
    /// </summary>
    public async Task AnsweredAsync(Guid agentId, CommandResult result, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(result.CommandId, out var id))
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        DateTime? agentTime = result.AnsweredAt?.ToDateTime();
        var error = string.IsNullOrEmpty(result.Error) ? null : result.Error.Length <= 4000 ? result.Error : result.Error[..4000];
        var updated = await db.AgentCommands.Where(c => c.Id == id && c.AgentId == agentId && c.AnsweredAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.AnsweredAt, now)
                .SetProperty(c => c.Succeeded, result.Succeeded)
                .SetProperty(c => c.Error, error)
                .SetProperty(c => c.AgentAnsweredAt, agentTime), cancellationToken);
        if (updated == 1)
        {
            answers.Answered(id);
        }
    }

    private static string KindOf(Command command) => command.KindCase switch
    {
        Command.KindOneofCase.Ping => "ping",
        var other => throw new ArgumentException($"A command must have a case; this one has {other}.", nameof(command)),
    };
}
