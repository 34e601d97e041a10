namespace Docket.Engines;

/// <summary>
/// An engine: what trains, evaluates and serves models. The agent prepares the run's folders, starts the run, relays
/// its messages and acts on its result; how the engine runs (a child process, in the agent) is the implementation's.
/// </summary>
public interface IEngine
{
    /// <summary>
    /// Starts a training or evaluation run. A run that cannot start (no script, the process refused) is still
    /// returned, already ended <see cref="EngineRunOutcome.Failed"/> with the reason.
    /// </summary>
    Task<IEngineRun> StartAsync(EngineRunRequest request, CancellationToken cancellationToken);

    /// <summary>Starts a warm inference engine; <see cref="IInferenceSession.WaitReadyAsync"/> says when it takes pages.</summary>
    Task<IInferenceSession> StartInferenceAsync(EngineRunRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Ends whatever an earlier agent (one that was killed, or crashed) left running for the run in
    /// <paramref name="workFolder"/>, before the agent reports that run as dead and removes its folder. Returns how
    /// many process groups it ended; 0 when nothing was left.
    /// </summary>
    Task<int> StopLeftoversAsync(string workFolder, CancellationToken cancellationToken);
}
