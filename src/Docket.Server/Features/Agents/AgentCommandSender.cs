using Docket.Agent.Protocol.V1;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Agents;

/// <summary>
/// The one way a queued command reaches a stream: claimed by a conditional update (from wherever it was, to this
/// stream), then written. Used by the dispatcher's pass and by the asker itself when its own replica holds the stream.
/// </summary>
public static partial class AgentCommandSender
{
    /// <summary>
    /// Claims <paramref name="command"/> for <paramref name="connection"/> and writes it; false when another pass took
    /// it first or it was answered meanwhile. A write that fails (the stream broke) is logged and leaves the command
    /// claimed by that stream, so the agent's next stream gets it again.
    /// </summary>
    public static async Task<bool> ClaimAndSendAsync(
        DocketDbContext db, Guid commandId, Guid? sentOn, byte[] payload, AgentConnection connection, DateTime now, ILogger logger,
        CancellationToken cancellationToken)
    {
        var claimed = await db.AgentCommands
            .Where(c => c.Id == commandId && c.SentOnConnectionId == sentOn && c.AnsweredAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SentAt, now).SetProperty(c => c.SentOnConnectionId, connection.Id), cancellationToken);
        if (claimed == 0)
        {
            return false;
        }

        try
        {
            await connection.SendAsync(new ServerMessage { Command = Command.Parser.ParseFrom(payload) }, connection.Ending);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            LogSendFailed(logger, commandId, connection.AgentId, e.Message);
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Command {CommandId} could not be sent to agent {AgentId}: {Reason}; it is sent again on the agent's next stream.")]
    private static partial void LogSendFailed(ILogger logger, Guid commandId, Guid agentId, string reason);
}
