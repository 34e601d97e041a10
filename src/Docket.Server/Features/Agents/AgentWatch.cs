using Docket.Server.Workers;

namespace Docket.Server.Features.Agents;

/// <summary>
/// The one row the auto-disable pass is leased on, so that of several replicas one disables unreachable agents at a
/// time, and each agent is disabled and recorded (405) once.
/// </summary>
public sealed class AgentWatch : ILeased
{
    public const int TheOne = 1;

    public int Id { get; init; }
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseUntil { get; set; }
}
