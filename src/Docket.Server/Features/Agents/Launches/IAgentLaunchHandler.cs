namespace Docket.Server.Features.Agents.Launches;

/// <summary>
/// Implemented by each area that launches processes (training processes; inference processes and their test runs),
/// registered in its <c>Add&lt;Area&gt;()</c>: the agents area hands it what the agent reports about its launches,
/// and knows no process area. Each call runs in a scope of its own whose operation context carries the launch's
/// tenant and operation key, so the events it records belong to the launch; the handler stages its change and its
/// events, and the caller saves them in one transaction with what marks the report as taken (a report repeated after
/// a broken stream reaches the handler once). A concurrency conflict on save is retried with a fresh scope.
/// </summary>
public interface IAgentLaunchHandler
{
    /// <summary>Whether this handler owns launches of <paramref name="kind"/>.</summary>
    bool Handles(LaunchKind kind);

    /// <summary>A launch step: record the step's event (the process as the entity) and move the process's state.</summary>
    Task StepAsync(LaunchContext launch, LaunchStep step, CancellationToken cancellationToken);

    /// <summary>A metrics line of the engine (training: 15900, kept as series).</summary>
    Task MetricsAsync(LaunchContext launch, LaunchMetrics metrics, CancellationToken cancellationToken);

    /// <summary>The end of the launch: record its event, keep what it made (a model version, a test run's results).</summary>
    Task EndedAsync(LaunchContext launch, LaunchEnd end, CancellationToken cancellationToken);
}
