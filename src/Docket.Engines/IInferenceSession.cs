using Docket.Engines.Messages;

namespace Docket.Engines;

/// <summary>A warm inference engine: one process that reads pages until it is stopped. Safe to call from many threads.</summary>
public interface IInferenceSession : IAsyncDisposable
{
    int? ProcessId { get; }

    /// <summary>True once the engine said it is ready; false when it ended (or timed out) first: <see cref="Completion"/> says why.</summary>
    Task<bool> WaitReadyAsync(CancellationToken cancellationToken);

    /// <summary>How many pages the engine takes at once (from its ready line); more wait here, not in the engine.</summary>
    int Concurrency { get; }

    /// <summary>
    /// Sends one page and waits for its answer, at most the request timeout (queueing included). Never throws for
    /// what the engine does: a refusal, a timeout or an engine that dies comes back as the result's outcome.
    /// </summary>
    Task<InferenceResult> InferAsync(string pagePath, CancellationToken cancellationToken);

    /// <summary>The engine's log lines and metrics; see <see cref="IEngineRun.ReadMessagesAsync"/>.</summary>
    IAsyncEnumerable<EngineMessage> ReadMessagesAsync(CancellationToken cancellationToken);

    /// <summary>Completes when the engine is gone: <see cref="EngineRunOutcome.Cancelled"/> after a stop, else why it ended.</summary>
    Task<EngineRunResult> Completion { get; }

    /// <summary>Closes its stdin, then SIGTERM and SIGKILL after grace periods; fails the pages still pending.</summary>
    Task<EngineRunResult> StopAsync(CancellationToken cancellationToken);
}
