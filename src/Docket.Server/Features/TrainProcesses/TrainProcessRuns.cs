using Docket.Contracts.Agents;
using Docket.Contracts.TrainProcesses;
using Docket.Server.Common;
using Docket.Server.Features.Agents;
using Docket.Server.Features.Agents.Launches;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.TrainProcesses;

/// <summary>
/// Starting and stopping a training process on its agent (15004-15008, 15701), through the agents area's launches:
/// the launch and the process's change are saved in one transaction, then the agent is asked; what it reports later
/// reaches <see cref="TrainProcessLaunchHandler"/>.
/// </summary>
public sealed class TrainProcessRuns(
    DocketDbContext db, AgentQueries agents, AgentLaunches launches, TrainProcessFiles files, TrainProcessTransitions transitions)
{
    /// <summary>
    /// Starts a run: 409 when the process is disabled, already under way, or cannot run (its agent disabled or not
    /// connected, a reference gone); 502 with the agent's reason when it refuses (recorded as 15701); otherwise
    /// accepted, or still starting when the agent did not answer in time (its reports or the reconcile settle it).
    /// </summary>
    public async Task<Result<TrainProcessResponse>> StartAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var process = await FindAsync(caller, id, cancellationToken);
        if (process is null)
        {
            return NotFound;
        }

        if (!process.IsEnabled)
        {
            return ApiError.Conflict("The training process is disabled; enable it before starting it.");
        }

        if (TrainProcessTransitions.IsActive(process.State))
        {
            return ApiError.Conflict($"The training process is already {process.State.ToString().ToLowerInvariant()}.");
        }

        var agent = await agents.FindAsync(process.AgentId, process.TenantId, cancellationToken);
        if (Unreachable(agent) is { } unreachable)
        {
            return ApiError.Conflict($"The training process cannot start: {unreachable}");
        }

        var plan = await files.PlanAsync(process, cancellationToken);
        if (plan.Error is not null)
        {
            return plan.Error;
        }

        var staged = await launches.StageAsync(
            new LaunchRequest(process.AgentId, process.TenantId, LaunchKind.Training, process.Id, plan.Value!.Files, plan.Value.EngineInputJson, plan.Value.TimeLimit),
            cancellationToken);
        if (staged.Error is not null)
        {
            return staged.Error;
        }

        transitions.Start(process, staged.Value!.Launch.OperationKey);
        LaunchAnswer answer;
        try
        {
            answer = await launches.SendAsync(staged.Value, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another start (or a late report) changed the process first: that one stands, this one saved nothing.
            return ApiError.Conflict("The training process was changed at the same moment (another start?); nothing was sent. Try again.");
        }

        if (answer.Kind == LaunchAnswerKind.Refused)
        {
            var reason = answer.Reason ?? "the agent refused the start";
            transitions.StartRefused(process, reason);
            await db.SaveChangesAsync(cancellationToken);
            return new ApiError(StatusCodes.Status502BadGateway, "The agent refused the start", $"Agent '{agent!.Name}' answered: {reason}");
        }

        return TrainProcessResponse.From(process, agent);
    }

    /// <summary>
    /// Stops the run under way: 15006, then the agent is asked. Taken: the end follows as a report (15007). Refused
    /// because the agent does not run it: it has ended, 15007 now. Not sent or not answered: 15008 with why, and 409
    /// or 504.
    /// </summary>
    public async Task<Result<TrainProcessResponse>> StopAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var process = await FindAsync(caller, id, cancellationToken);
        if (process is null)
        {
            return NotFound;
        }

        if (!process.IsEnabled)
        {
            return ApiError.Conflict("The training process is disabled; a disabled process is not stopped (enable it first).");
        }

        if (!TrainProcessTransitions.IsActive(process.State))
        {
            return ApiError.Conflict($"The training process is not running (it is {process.State.ToString().ToLowerInvariant()}).");
        }

        // Saved before the stop is sent, so the end it brings finds the process stopping.
        var before = process.State == TrainProcessState.Stopping ? TrainProcessState.Running : process.State;
        transitions.Stopping(process);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiError.Conflict("The training process changed at the same moment (its run may have ended); nothing was sent. Look again.");
        }

        var stop = await launches.StopAsync(process.Id, cancellationToken);
        var agent = await agents.FindAsync(process.AgentId, process.TenantId, cancellationToken);
        ApiError? error = null;
        if (stop.Error is { Status: StatusCodes.Status404NotFound })
        {
            // No launch of it is open: the run has ended, and nothing runs to stop.
            transitions.StopRefused(process, "not running on the agent");
        }
        else if (stop.Error is not null)
        {
            transitions.StopFailed(process, before, stop.Error.Detail);
            error = stop.Error;
        }
        else if (stop.Value!.Kind == LaunchAnswerKind.Refused)
        {
            transitions.StopRefused(process, stop.Value.Reason ?? "not running on the agent");
        }
        else if (stop.Value.Kind == LaunchAnswerKind.NoAnswer)
        {
            transitions.StopFailed(process, before, "the agent did not answer the stop in time");
            error = new ApiError(StatusCodes.Status504GatewayTimeout, "No answer", $"Agent '{agent?.Name}' did not answer the stop in time; it may still stop.");
        }
        else
        {
            // Taken: the end follows as a report and records 15007.
            return TrainProcessResponse.From(process, agent);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A report settled the run meanwhile (its end came first); that is what stands.
            return ApiError.Conflict("The training process's run ended at the same moment; look at it again.");
        }

        return error is not null ? error : TrainProcessResponse.From(process, agent);
    }

    private async Task<TrainProcess?> FindAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var process = await db.TrainProcesses.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        // Another tenant's process is reported as missing, not forbidden: its existence is not ours to reveal.
        return process is not null && caller.CanAccess(process.TenantId) ? process : null;
    }

    private static ApiError NotFound => ApiError.NotFound("The training process");

    /// <summary>Why the agent cannot take a start or a stop now, or null when it can.</summary>
    private static string? Unreachable(AgentSummary? agent) => agent switch
    {
        null => "its agent was removed; choose another (UpdateTrainProcess).",
        { IsEnabled: false } => $"its agent '{agent.Name}' is disabled.",
        { State: AgentState.Disconnected or AgentState.Unknown } => $"its agent '{agent.Name}' is not connected.",
        _ => null,
    };
}
