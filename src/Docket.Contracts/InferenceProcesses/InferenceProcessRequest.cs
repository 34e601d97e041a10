namespace Docket.Contracts.InferenceProcesses;

/// <summary>
/// Body of create and update: which agent serves, with which inference template and which script (it must hold
/// <c>start_inference.sh</c>; <c>start_evaluation.sh</c> too for test runs). <see cref="TenantId"/> is honoured for the
/// Administrator only.
/// </summary>
public sealed record InferenceProcessRequest
{
    public required string Name { get; init; }
    public string? Description { get; init; }

    /// <summary>The agent that serves it, of the same tenant.</summary>
    public required Guid AgentId { get; init; }

    /// <summary>The inference template: the model (a pinned version, or a tag resolved at each launch), the marking scheme, the settings.</summary>
    public required Guid TemplateId { get; init; }

    /// <summary>The engine's launch scripts.</summary>
    public required Guid ScriptId { get; init; }
    public Guid? TenantId { get; init; }
}
