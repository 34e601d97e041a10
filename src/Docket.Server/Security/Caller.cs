using System.Security.Claims;

namespace Docket.Server.Security;

/// <summary>
/// The authenticated caller as services see it. Services scope every read and write with
/// <see cref="CanAccess"/> and <see cref="TenantFor"/>, so tenants never see each other's data.
/// </summary>
public sealed record Caller(Guid UserId, Guid TenantId, bool IsAdministrator)
{
    private IReadOnlyDictionary<ObjectKind, Rights> rights = new Dictionary<ObjectKind, Rights>();

    public static Caller From(ClaimsPrincipal principal) =>
        new(principal.GetUserId(), principal.GetTenantId(), principal.IsAdministrator())
        {
            rights = Enum.GetValues<ObjectKind>().ToDictionary(kind => kind, principal.GetRights),
        };

    /// <summary>
    /// True when the caller holds every right in <paramref name="granted"/>: nobody hands out (through roles,
    /// rights or API keys) more than they hold themselves.
    /// </summary>
    public bool Covers(IReadOnlyDictionary<ObjectKind, Rights> granted) =>
        IsAdministrator || granted.All(g => (rights.GetValueOrDefault(g.Key) & g.Value) == g.Value);

    public bool CanAccess(Guid? tenantId) => IsAdministrator || tenantId == TenantId;

    /// <summary>The tenant a new object goes to: the caller's own, or any tenant for the Administrator.</summary>
    public Guid TenantFor(Guid? requested) => IsAdministrator && requested is { } id ? id : TenantId;

    /// <summary>The tenant a list is filtered to: null (all) only for the Administrator who asked for no tenant.</summary>
    public Guid? ListScope(Guid? requested) => IsAdministrator ? requested : TenantId;
}
