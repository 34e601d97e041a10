using System.Reflection;
using Docket.Agent.Protocol.V1;
using Docket.Server.Features.Agents.Launches;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Agents;

/// <summary>
/// The agents' stream (<c>docket.agent.v1.AgentHub/Connect</c>). The agent authenticates with its key in the
/// <c>authorization</c> metadata, says hello, then sends heartbeats; the server answers with a welcome or a refusal that
/// says what is wrong. The stream is held in this replica's <see cref="AgentConnections"/> until either side ends it.
/// </summary>
public sealed partial class AgentHubService(
    AgentPresence presence, AgentLogs logs, AgentConnections connections, AgentCommands commands, AgentCommandSignal commandSignal,
    AgentLaunchReports launches, TimeProvider time, IOptions<AgentOptions> options, ILogger<AgentHubService> logger) : AgentHub.AgentHubBase
{
    /// <summary>The protocol versions this server speaks (see the header of agent.proto).</summary>
    public static readonly IReadOnlyList<uint> SupportedProtocolVersions = [1];

    private static readonly string ServerVersion =
        typeof(AgentHubService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public override async Task Connect(IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<ServerMessage> responseStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        var authorization = context.RequestHeaders.GetValue("authorization") ?? "";
        var credential = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : "";
        var agent = await presence.AuthenticateAsync(credential, cancellationToken)
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "The agent key is missing, unknown, revoked or expired, or not an agent's key."));

        if (!await requestStream.MoveNext(cancellationToken) || requestStream.Current.KindCase != AgentMessage.KindOneofCase.Hello)
        {
            await RefuseAsync(responseStream, RefusalReason.BadHello, "The first message of a stream must be a hello.", cancellationToken);
            return;
        }

        var hello = requestStream.Current.Hello;
        if (!SupportedProtocolVersions.Contains(hello.ProtocolVersion))
        {
            await RefuseAsync(responseStream, RefusalReason.ProtocolVersion,
                $"This server (Docket {ServerVersion}) speaks agent protocol version {string.Join(", ", SupportedProtocolVersions)}; "
                + $"the agent (version {hello.AgentVersion}) speaks version {hello.ProtocolVersion}. Install the agent of the server's version.",
                cancellationToken);
            return;
        }

        if (hello.AgentId != agent.Id.ToString())
        {
            await RefuseAsync(responseStream, RefusalReason.UnknownAgent,
                $"The key is agent {agent.Id}'s, but the hello names agent '{hello.AgentId}': configure the agent with its own id and key.", cancellationToken);
            return;
        }

        if (!agent.IsEnabled)
        {
            await RefuseAsync(responseStream, RefusalReason.AgentDisabled, $"Agent '{agent.Name}' is disabled; enable it on the server.", cancellationToken);
            return;
        }

        var connection = connections.Open(agent.Id, responseStream, cancellationToken);
        var openedAt = time.GetUtcNow().UtcDateTime;
        try
        {
            await presence.ConnectedAsync(agent.Id, connection.Id, hello, cancellationToken);
            await launches.ReconcileAsync(agent.Id, hello.Running, openedAt, cancellationToken);
            Log.Connected(logger, agent.Id, hello.AgentVersion);
            await connection.SendAsync(new ServerMessage
            {
                Welcome = new Welcome
                {
                    ServerVersion = ServerVersion,
                    ProtocolVersion = hello.ProtocolVersion,
                    HeartbeatPeriodSeconds = (uint)Math.Max(1, Math.Ceiling(options.Value.Period.TotalSeconds)),
                },
            }, cancellationToken);

            // Commands that waited for this agent, or were sent on a stream that broke unanswered, go now.
            commandSignal.Notify();
            await FollowAsync(agent, connection, openedAt, requestStream, cancellationToken);
        }
        finally
        {
            connections.Close(connection);

            // The call's token may be cancelled already (the agent went away); the close must still be written.
            await presence.ClosedAsync(agent.Id, connection.Id, CancellationToken.None);
            Log.Closed(logger, agent.Id);
        }
    }

    private async Task FollowAsync(
        Agent agent, AgentConnection connection, DateTime openedAt, IAsyncStreamReader<AgentMessage> requestStream, CancellationToken cancellationToken)
    {
        try
        {
            while (await requestStream.MoveNext(connection.Ending))
            {
                var message = requestStream.Current;
                if (message.KindCase == AgentMessage.KindOneofCase.Result)
                {
                    await commands.AnsweredAsync(agent.Id, message.Result, connection.Ending);
                }
                else if (message.KindCase == AgentMessage.KindOneofCase.LogBatch)
                {
                    await ReceiveLogAsync(agent, message.LogBatch, connection.Ending);
                }
                else if (message.KindCase == AgentMessage.KindOneofCase.Heartbeat)
                {
                    if (!await presence.HeartbeatAsync(agent.Id, connection.Id, message.Heartbeat.Running.Count, connection.Ending))
                    {
                        // Disabled, removed or taken over on another replica: say why if it is the first.
                        if (!await presence.IsEnabledAsync(agent.Id, cancellationToken))
                        {
                            await RefuseAsync(connection, RefusalReason.AgentDisabled, "The agent was disabled or removed on the server.", cancellationToken);
                        }

                        return;
                    }

                    await launches.ReconcileAsync(agent.Id, message.Heartbeat.Running, openedAt, connection.Ending);
                }
                else if (message.KindCase is AgentMessage.KindOneofCase.Event or AgentMessage.KindOneofCase.Metrics or AgentMessage.KindOneofCase.ProcessEnded)
                {
                    await ReceiveReportAsync(agent, message, connection.Ending);
                }
            }
        }
        catch (OperationCanceledException) when (connection.Reason is { } reason && !cancellationToken.IsCancellationRequested)
        {
            if (reason is AgentEnd.Disabled or AgentEnd.Removed)
            {
                await RefuseAsync(connection, RefusalReason.AgentDisabled, $"The agent was {(reason is AgentEnd.Disabled ? "disabled" : "removed")} on the server.",
                    cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The agent went away: the close is recorded by the caller.
        }
        catch (IOException)
        {
            // The agent's connection broke mid-read (killed, network cut): the close is recorded by the caller.
        }
    }

    /// <summary>Keeps a log batch; one the server refuses ends the stream with the status that says why, logged here too.</summary>
    private async Task ReceiveLogAsync(Agent agent, LogBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            await logs.ReceiveAsync(agent, batch, cancellationToken);
        }
        catch (RpcException refused)
        {
            Log.LogBatchRefused(logger, agent.Id, refused.Status.Detail);
            throw;
        }
    }

    /// <summary>
    /// Hands a report on a launch to <see cref="AgentLaunchReports"/>. A report that fails to be kept (a fault of the
    /// server or its database) is logged and the stream goes on: the agent does not send it again, and the reconcile
    /// ends what never reports its end.
    /// </summary>
    private async Task ReceiveReportAsync(Agent agent, AgentMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await (message.KindCase switch
            {
                AgentMessage.KindOneofCase.Event => launches.StepAsync(agent.Id, message.Event, cancellationToken),
                AgentMessage.KindOneofCase.Metrics => launches.MetricsAsync(agent.Id, message.Metrics, cancellationToken),
                _ => launches.EndedAsync(agent.Id, message.ProcessEnded, cancellationToken),
            });
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.ReportFailed(logger, exception, agent.Id, message.KindCase.ToString());
        }
    }

    private static Task RefuseAsync(IServerStreamWriter<ServerMessage> responseStream, RefusalReason reason, string detail, CancellationToken cancellationToken) =>
        responseStream.WriteAsync(Refusal(reason, detail), cancellationToken);

    /// <summary>A refusal on an open stream goes after any command being written to it.</summary>
    private static Task RefuseAsync(AgentConnection connection, RefusalReason reason, string detail, CancellationToken cancellationToken) =>
        connection.SendAsync(Refusal(reason, detail), cancellationToken);

    private static ServerMessage Refusal(RefusalReason reason, string detail)
    {
        var refusal = new Refusal { Reason = reason, Detail = detail };
        refusal.SupportedProtocolVersions.AddRange(SupportedProtocolVersions);
        return new ServerMessage { Refusal = refusal };
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentId} connected (agent version {AgentVersion}).")]
        public static partial void Connected(ILogger logger, Guid agentId, string agentVersion);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentId}'s log batch was refused, and its stream ended: {Detail}")]
        public static partial void LogBatchRefused(ILogger logger, Guid agentId, string detail);

        [LoggerMessage(Level = LogLevel.Error, Message = "Agent {AgentId}'s {Report} report could not be kept.")]
        public static partial void ReportFailed(ILogger logger, Exception exception, Guid agentId, string report);

        [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentId} disconnected.")]
        public static partial void Closed(ILogger logger, Guid agentId);
    }
}
