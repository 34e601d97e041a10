using Docket.Agent.Protocol.V1;
using Docket.Contracts.Agents;
using Docket.Server.Common;
using Docket.Server.Features.Agents.Transfers;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Agents.Launches;

/// <summary>
/// Launches of processes on agents, for the process areas: a launch is staged with the caller's own change, saved in
/// one transaction with it, sent as a <c>StartProcess</c> command, and followed through what the agent reports
/// (<see cref="AgentLaunchReports"/>, which hands it to the area's <see cref="IAgentLaunchHandler"/>).
/// </summary>
public sealed class AgentLaunches(
    DocketDbContext db, AgentQueries agents, AgentFiles files, AgentCommands commands, OperationContext operation, TimeProvider time,
    IOptions<AgentOptions> options)
{
    private const string UploadTokenPrefix = "dku_";

    /// <summary>
    /// Stages a launch on the context, saving nothing: checks that the agent is the tenant's, enabled and connected
    /// (409 otherwise), adds the launch under the current operation key, a download token per file and an upload
    /// token per output the kind leaves. The caller then stages its own change and events (the process started and
    /// sent) and calls <see cref="SendAsync"/>.
    /// </summary>
    public async Task<Result<StagedLaunch>> StageAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        var agent = await agents.FindAsync(request.AgentId, request.TenantId, cancellationToken);
        if (agent is null)
        {
            return ApiError.NotFound("The agent");
        }

        if (!agent.IsEnabled || agent.State is AgentState.Disconnected or AgentState.Unknown)
        {
            return ApiError.Conflict(
                $"Agent '{agent.Name}' is {(agent.IsEnabled ? agent.State.ToString().ToLowerInvariant() : "disabled")}: the process cannot be launched on it now.");
        }

        var now = time.GetUtcNow();
        var uploadSecret = Secrets.NewToken(UploadTokenPrefix);
        var row = new AgentLaunch
        {
            Id = Guid.CreateVersion7(now),
            TenantId = request.TenantId,
            AgentId = request.AgentId,
            Kind = request.Kind,
            ProcessId = request.ProcessId,
            OperationKey = operation.OperationKey,
            StartedBy = operation.UserId,
            StartedByLogin = operation.UserLogin,
            UploadSecretHash = Secrets.HashToken(uploadSecret),
            CreatedAt = now.UtcDateTime,
        };

        var start = new StartProcess
        {
            ProcessId = request.ProcessId.ToString(),
            Kind = KindOf(request.Kind),
            OperationId = row.OperationKey,
            EngineInputJson = request.EngineInputJson,
            TimeLimitSeconds = request.TimeLimit is { } limit ? (uint)Math.Clamp(Math.Ceiling(limit.TotalSeconds), 1, uint.MaxValue) : 0,
        };
        foreach (var file in request.Files)
        {
            var ticket = await files.StageAsync(request.AgentId, request.TenantId, file.File, cancellationToken);
            if (ticket.Error is not null)
            {
                return ticket.Error;
            }

            var t = ticket.Value!;
            start.Files.Add(new ProcessFile
            {
                Role = RoleOf(file.Role), Path = t.Path, Token = t.Token, Sha256 = t.Sha256, Size = (ulong)t.Size, Name = t.Name,
            });
        }

        foreach (var output in OutputsOf(request.Kind))
        {
            start.Uploads.Add(new ProcessUpload
            {
                Role = RoleOf(output), Path = AgentLaunchOutputEndpoints.PathOf(row.Id, output), Token = uploadSecret,
                MaxBytes = (ulong)options.Value.MaxOutputBytes,
            });
        }

        db.AgentLaunches.Add(row);
        var launch = ContextOf(row);
        return new StagedLaunch(launch, row, new Command { StartProcess = start });
    }

    /// <summary>
    /// Saves what is staged on the context (the launch and the caller's change, one transaction), sends the
    /// <c>StartProcess</c> and waits up to <c>Agents:LaunchAnswerTimeout</c> for the agent's answer. On a refusal the
    /// launch is marked ended (failed) on the context, unsaved: the caller records its error event and saves.
    /// </summary>
    public async Task<LaunchAnswer> SendAsync(StagedLaunch launch, CancellationToken cancellationToken)
    {
        // AskAsync saves the command row with everything staged on this context, then sends.
        var answer = await commands.AskAsync(launch.Row.AgentId, launch.Command, options.Value.LaunchAnswerTimeout, cancellationToken);
        if (answer is null)
        {
            return new LaunchAnswer(LaunchAnswerKind.NoAnswer);
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (answer.Succeeded)
        {
            // Set by a conditional update: the agent's first reports may already have been taken on another scope.
            await db.AgentLaunches.Where(l => l.Id == launch.Row.Id && l.AcceptedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.AcceptedAt, now), cancellationToken);
            return new LaunchAnswer(LaunchAnswerKind.Accepted);
        }

        launch.Row.EndedAt = now;
        launch.Row.Outcome = LaunchOutcome.Failed;
        return new LaunchAnswer(LaunchAnswerKind.Refused, answer.Error ?? "The agent refused the launch without a reason.");
    }

    /// <summary>The process's launch that has not ended, if any (the latest, should there be more).</summary>
    public async Task<LaunchContext?> OpenLaunchAsync(Guid processId, CancellationToken cancellationToken)
    {
        var row = await OpenRowAsync(processId, cancellationToken);
        return row is null ? null : ContextOf(row);
    }

    /// <summary>
    /// Sends a <c>StopProcess</c> for the process's open launch under the current operation key and waits for the
    /// answer. 404 when the process has no open launch; 409 when its agent is disabled or not connected. Accepted:
    /// the end follows as a report (outcome stopped). Refused (the agent does not run it): the launch is marked ended
    /// (stopped) on the context, unsaved, like a refused start: the caller records the stop and saves.
    /// </summary>
    public async Task<Result<LaunchAnswer>> StopAsync(Guid processId, CancellationToken cancellationToken)
    {
        var row = await OpenRowAsync(processId, cancellationToken);
        if (row is null)
        {
            return ApiError.NotFound("A launch of the process that is still running");
        }

        var agent = await agents.FindAsync(row.AgentId, row.TenantId, cancellationToken);
        if (agent is null || !agent.IsEnabled || agent.State is AgentState.Disconnected or AgentState.Unknown)
        {
            return ApiError.Conflict(
                $"The process's agent is {(agent is null ? "removed" : agent.IsEnabled ? agent.State.ToString().ToLowerInvariant() : "disabled")}: the stop cannot reach it now.");
        }

        var stop = new Command { StopProcess = new StopProcess { ProcessId = processId.ToString(), OperationId = operation.OperationKey } };
        var answer = await commands.AskAsync(row.AgentId, stop, options.Value.LaunchAnswerTimeout, cancellationToken);
        if (answer is null)
        {
            return new LaunchAnswer(LaunchAnswerKind.NoAnswer);
        }

        if (answer.Succeeded)
        {
            return new LaunchAnswer(LaunchAnswerKind.Accepted);
        }

        // The agent does not run it: whatever the launch was doing has ended without a report.
        var tracked = await db.AgentLaunches.FirstAsync(l => l.Id == row.Id, cancellationToken);
        if (tracked.EndedAt is null)
        {
            tracked.EndedAt = time.GetUtcNow().UtcDateTime;
            tracked.Outcome = LaunchOutcome.Stopped;
        }

        return new LaunchAnswer(LaunchAnswerKind.Refused, answer.Error ?? "The agent does not run the process.");
    }

    private Task<AgentLaunch?> OpenRowAsync(Guid processId, CancellationToken cancellationToken) =>
        db.AgentLaunches.AsNoTracking().Where(l => l.ProcessId == processId && l.EndedAt == null)
            .OrderByDescending(l => l.CreatedAt).FirstOrDefaultAsync(cancellationToken);

    internal static LaunchContext ContextOf(AgentLaunch row) => new(row.Id, row.AgentId, row.TenantId, row.Kind, row.ProcessId, row.OperationKey);

    /// <summary>What each kind leaves for the server (docs/agents.md, "Processes").</summary>
    internal static IEnumerable<LaunchOutputRole> OutputsOf(LaunchKind kind) => kind switch
    {
        LaunchKind.Training => [LaunchOutputRole.ModelPackage],
        LaunchKind.TestRun => [LaunchOutputRole.Predictions],
        _ => [],
    };

    internal static ProcessKind KindOf(LaunchKind kind) => kind switch
    {
        LaunchKind.Training => ProcessKind.Training,
        LaunchKind.Inference => ProcessKind.Inference,
        LaunchKind.TestRun => ProcessKind.TestRun,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static FileRole RoleOf(LaunchFileRole role) => role switch
    {
        LaunchFileRole.Script => FileRole.Script,
        LaunchFileRole.ModelTemplate => FileRole.ModelTemplate,
        LaunchFileRole.Model => FileRole.Model,
        LaunchFileRole.DataSet => FileRole.DataSet,
        LaunchFileRole.TestDataSet => FileRole.TestDataSet,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    internal static OutputRole RoleOf(LaunchOutputRole role) => role switch
    {
        LaunchOutputRole.ModelPackage => OutputRole.ModelPackage,
        LaunchOutputRole.Predictions => OutputRole.Predictions,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };
}
