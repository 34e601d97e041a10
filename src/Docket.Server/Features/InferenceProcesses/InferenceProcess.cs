using Docket.Contracts.InferenceProcesses;

namespace Docket.Server.Features.InferenceProcesses;

/// <summary>
/// A server of one model on an agent: its agent, inference template and script, whether it may run, its state, and
/// what its last launch was. The agent, template and script are kept by id without a foreign key (as a model version
/// keeps what made it) and checked when the process is saved and again at each launch: the agent is not removed while
/// processes name it (<see cref="InferenceProcessAgentCheck"/>); a template or script removed later refuses the next
/// start with the reason.
/// </summary>
public sealed class InferenceProcess
{
    public required Guid Id { get; init; }
    public required Guid TenantId { get; init; }
    public required string Name { get; set; }
    public required string NormalizedName { get; set; }
    public string? Description { get; set; }
    public required Guid AgentId { get; set; }
    public required Guid TemplateId { get; set; }
    public required Guid ScriptId { get; set; }
    public bool IsEnabled { get; set; } = true;
    public InferenceProcessState State { get; set; }

    /// <summary>The last launch's operation key; null before the first. The agent's reports of other launches move no state.</summary>
    public string? LaunchOperationKey { get; set; }
    public DateTime? LaunchRequestedAt { get; set; }
    public DateTime? LaunchServingAt { get; set; }
    public DateTime? LaunchEndedAt { get; set; }
    public string? LaunchReason { get; set; }

    /// <summary>The model version the last launch serves: the template's pinned version, or the one its tag named at launch.</summary>
    public Guid? LaunchModelVersionId { get; set; }
    public int? LaunchModelVersion { get; set; }

    /// <summary>Whether the agent reported the last launch dead itself (18101), so a lost end does not record it twice.</summary>
    public bool LaunchLossReported { get; set; }

    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; set; }
    public Guid? CreatedBy { get; init; }

    /// <summary>Changes on every change, the state's included; served as the ETag so concurrent edits are caught (If-Match).</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    /// <summary>Whether a launch may be under way: such a process is not started again, removed or moved.</summary>
    public bool IsRunning => State is InferenceProcessState.Starting or InferenceProcessState.Launching
        or InferenceProcessState.Serving or InferenceProcessState.Stopping;
}
