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
    DocketDbContext db, TimeProvider time, AgentConnections connections, AgentCommandSignal signal, AgentCommandAnswers answers,
    IOptions<AgentOptions> options, ILogger<AgentCommands> logger)
{
    /// <summary>
    /// Queues <paramref name="command"/> and waits up to <paramref name="timeout"/> for the agent's answer (null when
    /// none came). The wait is registered before the command is sent, so an answer faster than the send's return is
    /// not missed.
    /// </summary>
    public async Task<AgentCommandAnswer?> AskAsync(Guid agentId, Command command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7(time.GetUtcNow());
        var answered = answers.Wait(id);
        try
        {
            await QueueAsync(id, agentId, command, timeout, cancellationToken);
            return await WaitForAnswerAsync(id, answered, timeout, cancellationToken);
        }
        finally
        {
            answers.Forget(id);
        }
    }

    /// <summary>
    /// Queues <paramref name="command"/> for the agent (its command id is set here). When this replica holds the agent's
    /// stream the command is sent at once, from here; otherwise the dispatcher of the replica that holds it sends it.
    /// </summary>
    private async Task QueueAsync(Guid id, Guid agentId, Command command, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
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
        if (connections.Find(agentId) is { } connection)
        {
            await AgentCommandSender.ClaimAndSendAsync(db, row.Id, null, row.Payload, connection, row.CreatedAt, logger, cancellationToken);
            return;
        }

        signal.Notify();
    }

    /// <summary>
    /// The agent's answer, or null when <paramref name="timeout"/> passed first (or the command is gone). An answer on
    /// this replica is handed over at once; one on another replica is read from the row, polled every
    /// <see cref="AgentOptions.CommandPollInterval"/>.
    /// </summary>
    private async Task<AgentCommandAnswer?> WaitForAnswerAsync(Guid commandId, Task<AgentCommandAnswer> answered, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                try
                {
                    return await answered.WaitAsync(options.Value.CommandPollInterval, time, deadline.Token);
                }
                catch (TimeoutException)
                {
                    // The answer may have come through another replica: read the row.
                }

                var row = await db.AgentCommands.AsNoTracking().FirstOrDefaultAsync(c => c.Id == commandId, cancellationToken);
                if (row is null || row.AnsweredAt is not null)
                {
                    return row is null ? null : AgentCommandAnswer.Of(row);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
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
            answers.Answered(id, new AgentCommandAnswer(result.Succeeded, error, agentTime));
        }
    }

    private static string KindOf(Command command) => command.KindCase switch
    {
        Command.KindOneofCase.Ping => "ping",
        Command.KindOneofCase.StartProcess => "start-process",
        Command.KindOneofCase.StopProcess => "stop-process",
        var other => throw new ArgumentException($"A command must have a case; this one has {other}.", nameof(command)),
    };
}
