using Docket.Engines.Messages;

namespace Docket.Engines;

/// <summary>A training or evaluation run in progress. Disposing it stops it if it still runs.</summary>
public interface IEngineRun : IAsyncDisposable
{
    /// <summary>The engine's process (also its process group), or null when it never started.</summary>
    int? ProcessId { get; }

    /// <summary>
    /// Progress, metrics and log lines as the engine writes them, ending when the run ends. Buffered up to a bound;
    /// when the reader falls behind, the oldest are dropped and counted (<see cref="EngineRunResult.DroppedMessages"/>).
    /// Read by one reader.
    /// </summary>
    IAsyncEnumerable<EngineMessage> ReadMessagesAsync(CancellationToken cancellationToken);

    /// <summary>Completes when the process and everything it started are gone.</summary>
    Task<EngineRunResult> Completion { get; }

    /// <summary>Stops the run (SIGTERM to its process group, SIGKILL after the grace period) and waits for its end.</summary>
    Task<EngineRunResult> StopAsync(CancellationToken cancellationToken);
}
