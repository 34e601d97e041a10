using Docket.Agent.Protocol.V1;
using Docket.Contracts.Agents;
using Docket.Server.Common;
using Docket.Server.Security;
using Docket.Server.Storage;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Agents;

/// <summary>
/// An operator's check that commands reach an agent: a ping command goes the way every command goes (queued, sent by
/// the replica that holds the stream, answered), and the answer says how long the round trip took.
/// </summary>
public sealed class AgentPing(DocketDbContext db, AgentCommands commands, TimeProvider time, IOptions<AgentOptions> options)
{
    /// <summary>The longest a caller may wait for an answer, in seconds.</summary>
    public const double MaxTimeoutSeconds = 60;

    public async Task<Result<AgentPingResponse>> PingAsync(Caller caller, Guid id, double timeoutSeconds, CancellationToken cancellationToken)
    {
        // Written so that NaN fails too.
        if (!(timeoutSeconds > 0 && timeoutSeconds <= MaxTimeoutSeconds))
        {
            return ApiError.Invalid("timeoutSeconds", $"must be more than 0 and at most {MaxTimeoutSeconds:0}.");
        }

        var timeout = TimeSpan.FromSeconds(timeoutSeconds);
        var agent = await db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (agent is null || !caller.CanAccess(agent.TenantId))
        {
            return ApiError.NotFound("The agent");
        }

        var state = AgentResponses.StateOf(agent, time.GetUtcNow().UtcDateTime, options.Value.Period);
        if (!agent.IsEnabled || state is AgentState.Disconnected or AgentState.Unknown)
        {
            return ApiError.Conflict($"Agent '{agent.Name}' is {(agent.IsEnabled ? state.ToString().ToLowerInvariant() : "disabled")}: a command cannot reach it now.");
        }

        var started = time.GetTimestamp();
        var answer = await commands.AskAsync(agent.Id, new Command { Ping = new Ping { SentAt = Timestamp.FromDateTimeOffset(time.GetUtcNow()) } },
            timeout, cancellationToken);
        if (answer is null)
        {
            return new ApiError(StatusCodes.Status504GatewayTimeout, "No answer",
                $"Agent '{agent.Name}' did not answer within {timeout.TotalSeconds:0.###} s (its stream may have broken, or it is overloaded).");
        }

        if (!answer.Succeeded)
        {
            return new ApiError(StatusCodes.Status502BadGateway, "The agent refused the command", $"Agent '{agent.Name}' answered: {answer.Error}");
        }

        return new AgentPingResponse(agent.Id, time.GetElapsedTime(started).TotalMilliseconds, answer.AgentAnsweredAt);
    }
}
