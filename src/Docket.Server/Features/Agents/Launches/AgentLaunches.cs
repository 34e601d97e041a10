using Docket.Server.Common;

namespace Docket.Server.Features.Agents.Launches;

/// <summary>
/// Launches of processes on agents, for the process areas: a launch is staged with the caller's own change, saved in
/// one transaction with it, sent as a <c>StartProcess</c> command, and followed through what the agent reports
/// (<see cref="AgentLaunchReports"/>, which hands it to the area's <see cref="IAgentLaunchHandler"/>).
/// </summary>
public sealed class AgentLaunches
{
    /// <summary>
    /// Stages a launch on the context, saving nothing: checks that the agent is the tenant's, enabled and connected
    /// (409 otherwise), adds the launch under the current operation key, a download token per file and an upload
    /// token per output the kind leaves. The caller then stages its own change and events (the process started and
    /// sent) and calls <see cref="SendAsync"/>.
    /// </summary>
    public Task<Result<StagedLaunch>> StageAsync(LaunchRequest request, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>
    /// Saves what is staged on the context (the launch and the caller's change, one transaction), sends the
    /// <c>StartProcess</c> and waits up to <c>Agents:LaunchAnswerTimeout</c> for the agent's answer. On a refusal the
    /// launch is marked ended (failed) on the context, unsaved: the caller records its error event and saves.
    /// </summary>
    public Task<LaunchAnswer> SendAsync(StagedLaunch launch, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>The process's launch that has not ended, if any.</summary>
    public Task<LaunchContext?> OpenLaunchAsync(Guid processId, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>
    /// Sends a <c>StopProcess</c> for the process's open launch under the current operation key and waits for the
    /// answer. 404 when the process has no open launch; 409 when its agent is disabled or not connected. Accepted:
    /// the end follows as a report (outcome stopped). Refused (the agent does not run it): the launch is marked ended
    /// (stopped) on the context, unsaved, like a refused start: the caller records the stop and saves.
    /// </summary>
    public Task<Result<LaunchAnswer>> StopAsync(Guid processId, CancellationToken cancellationToken) => throw new NotImplementedException();
}
