using Docket.Contracts.TrainProcesses;
using Docket.Events;
using Docket.Server.Features.Agents.Launches;
using Docket.Server.Journal;

namespace Docket.Server.Features.TrainProcesses;

/// <summary>
/// The state machine of a training process's runs: each method is one transition, changes the process and stages
/// the catalog event that says so, in the caller's transaction (DESIGN rule 5). Nothing else sets
/// <see cref="TrainProcess.State"/> or records the run's events.
/// </summary>
public sealed class TrainProcessTransitions(IJournal journal, TimeProvider time)
{
    /// <summary>A run is under way: a start or a stop would cross it.</summary>
    public static bool IsActive(TrainProcessState state) =>
        state is TrainProcessState.Starting or TrainProcessState.Launching or TrainProcessState.Running or TrainProcessState.Stopping;

    /// <summary>A new run, staged with its launch (15005 ready to launch, 15004 sent to the agent), under the launch's operation key.</summary>
    public void Start(TrainProcess process, string operationKey)
    {
        process.State = TrainProcessState.Starting;
        process.LastOperationKey = operationKey;
        process.LastStartedAt = time.GetUtcNow().UtcDateTime;
        process.LastEndedAt = null;
        process.LastReason = null;
        process.LastModelVersion = null;
        process.LastRunLostRecorded = false;
        Touch(process);
        journal.Record(EventCode.TrainProcessStarted, Describe(process, process.Name));
        journal.Record(EventCode.TrainProcessSendToStart, Describe(process, process.Name));
    }

    /// <summary>The agent refused the start (15701 with its reason).</summary>
    public void StartRefused(TrainProcess process, string reason)
    {
        End(process, TrainProcessState.Failed, reason, time.GetUtcNow().UtcDateTime);
        journal.Record(EventCode.TrainProcessStartCompletedError, Describe(process, reason));
    }

    /// <summary>A stop is being sent (15006); <see cref="StopFailed"/> or the end follows.</summary>
    public void Stopping(TrainProcess process)
    {
        process.State = TrainProcessState.Stopping;
        Touch(process);
        journal.Record(EventCode.TrainProcessSendToStop, Describe(process, process.Name));
    }

    /// <summary>The stop did not reach the agent or had no answer (15008 with why); the run stands as it was.</summary>
    public void StopFailed(TrainProcess process, TrainProcessState before, string reason)
    {
        process.State = before;
        Touch(process);
        journal.Record(EventCode.TrainProcessStopedError, Describe(process, reason));
    }

    /// <summary>The agent does not run the process (it refused the stop, or no launch of it is open): the run has ended (15007).</summary>
    public void StopRefused(TrainProcess process, string reason)
    {
        End(process, TrainProcessState.Stopped, reason, time.GetUtcNow().UtcDateTime);
        journal.Record(EventCode.TrainProcessStopedSuccess, Describe(process, reason));
    }

    /// <summary>
    /// A step the agent reported, recorded with the agent's text. Only a step of the process's current run moves its
    /// state (15100: launching; 15700: running); an error step leaves it to the end that follows.
    /// </summary>
    public void Step(TrainProcess process, LaunchContext launch, LaunchStep step)
    {
        if (IsCurrent(process, launch))
        {
            if (step.Code == EventCode.TrainProcessStartPipeline && process.State == TrainProcessState.Starting)
            {
                process.State = TrainProcessState.Launching;
            }
            else if (step.Code == EventCode.TrainProcessStartCompletedSuccess && process.State is TrainProcessState.Starting or TrainProcessState.Launching)
            {
                process.State = TrainProcessState.Running;
            }
            else if (step.Code == EventCode.TrainProcessEmergencyShutdown)
            {
                process.LastRunLostRecorded = true;
            }

            Touch(process);
        }

        journal.Record(step.Code, Describe(process, step.Text, new { step.Time, step.IsError }));
    }

    /// <summary>A metrics line (15900), its values in the record's data (those that are numbers: JSON has no NaN).</summary>
    public void Metrics(TrainProcess process, LaunchMetrics metrics) =>
        journal.Record(EventCode.TrainProcessMetricsReceived, Describe(process, process.Name, new
        {
            metrics.Time,
            metrics.Step,
            Values = metrics.Values.Where(v => double.IsFinite(v.Value)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal),
        }));

    /// <summary>The run made version <paramref name="modelVersion"/> of the model (15800).</summary>
    public void Succeeded(TrainProcess process, LaunchContext launch, DateTime at, int modelVersion)
    {
        if (IsCurrent(process, launch))
        {
            End(process, TrainProcessState.Succeeded, null, at);
            process.LastModelVersion = modelVersion;
        }

        journal.Record(EventCode.TrainProcessCompletedSuccess, Describe(process, $"Model version {modelVersion}",
            new { modelId = process.ModelId, modelVersion }));
    }

    /// <summary>The run failed (15801): the engine's or the agent's reason, or what was wrong with its model package.</summary>
    public void Failed(TrainProcess process, LaunchContext launch, DateTime at, string reason) =>
        Ended(process, launch, TrainProcessState.Failed, EventCode.TrainProcessCompletedError, at, reason);

    /// <summary>The run was past the training template's time (15802, the code Docket gave the catalog's second 15800).</summary>
    public void TimedOut(TrainProcess process, LaunchContext launch, DateTime at, string reason) =>
        Ended(process, launch, TrainProcessState.TimedOut, EventCode.TrainProcessTimeout, at, reason);

    /// <summary>The run was stopped (15007): the end of an accepted stop, a stop the agent refused as not running it, or the agent's shutdown.</summary>
    public void Stopped(TrainProcess process, LaunchContext launch, DateTime at, string reason) =>
        Ended(process, launch, TrainProcessState.Stopped, EventCode.TrainProcessStopedSuccess, at, reason);

    /// <summary>
    /// The agent no longer runs it. 15101 is the agent's step when it restarts and finds the run dead; the server's
    /// reconcile ends a launch as lost without that step, so it is recorded here unless the step came.
    /// </summary>
    public void Lost(TrainProcess process, LaunchContext launch, DateTime at, string reason)
    {
        var current = IsCurrent(process, launch);
        if (current && process.LastRunLostRecorded)
        {
            End(process, TrainProcessState.Lost, reason, at);
            return;
        }

        Ended(process, launch, TrainProcessState.Lost, EventCode.TrainProcessEmergencyShutdown, at, reason);
        if (current)
        {
            process.LastRunLostRecorded = true;
        }
    }

    private void Ended(TrainProcess process, LaunchContext launch, TrainProcessState state, EventCode code, DateTime at, string reason)
    {
        if (IsCurrent(process, launch))
        {
            End(process, state, reason, at);
        }

        journal.Record(code, Describe(process, string.IsNullOrWhiteSpace(reason) ? process.Name : reason));
    }

    private void End(TrainProcess process, TrainProcessState state, string? reason, DateTime at)
    {
        process.State = state;
        process.LastEndedAt = at;
        process.LastReason = string.IsNullOrWhiteSpace(reason) ? null : Truncate(reason);
        Touch(process);
    }

    /// <summary>Whether the report is about the process's last run; a late report of an earlier run is recorded but moves nothing.</summary>
    private static bool IsCurrent(TrainProcess process, LaunchContext launch) => process.LastOperationKey == launch.OperationKey;

    private void Touch(TrainProcess process)
    {
        process.UpdatedAt = time.GetUtcNow().UtcDateTime;
        process.ConcurrencyStamp = Guid.NewGuid();
    }

    private static string Truncate(string reason) => reason.Length <= 4000 ? reason : reason[..4000];

    /// <summary>A run's event: the process as the entity, the run's state in the data.</summary>
    private static JournalEvent Describe(TrainProcess process, string text, object? data = null) => new()
    {
        TenantId = process.TenantId,
        EntityKind = nameof(TrainProcess),
        EntityId = process.Id.ToString(),
        Text = text,
        Data = data ?? new { state = process.State.ToString(), operationKey = process.LastOperationKey, reason = process.LastReason },
    };
}
