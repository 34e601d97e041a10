using Docket.Server.Common;

namespace Docket.Server.Journal;

/// <summary>
/// What a feature says about an event; everything else (who, from where, which operation, when) comes from
/// the <see cref="Hosting.OperationContext"/>. Set <see cref="UserId"/>/<see cref="UserLogin"/>/<see cref="TenantId"/>
/// only to name someone other than the caller (a failed login names the account that was tried).
/// </summary>
public sealed record JournalEvent
{
    public Guid? TenantId { get; init; }
    public Guid? ProjectId { get; init; }

    /// <summary>
    /// Set only by the area that owns the tenant, in the record of a change to it (its name may change in that very
    /// transaction); otherwise the journal finds the name itself (<see cref="JournalNames"/>).
    /// </summary>
    public string? TenantName { get; init; }

    /// <summary>Set only by the projects area, in the records of a change to the project; as <see cref="TenantName"/>.</summary>
    public string? ProjectName { get; init; }
    public Guid? UserId { get; init; }
    public string? UserLogin { get; init; }
    public string? EntityKind { get; init; }
    public string? EntityId { get; init; }
    public string? Text { get; init; }

    /// <summary>The entity's state, serialized to JSON as the API shows it. Never put a secret here.</summary>
    public object? Data { get; init; }
}
