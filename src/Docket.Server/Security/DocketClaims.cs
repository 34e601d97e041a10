using System.Security.Claims;

namespace Docket.Server.Security;

/// <summary>The claims Docket's authentication puts on a principal, and typed reads of them.</summary>
public static class DocketClaims
{
    public const string Scheme = "Docket";
    public const string UserId = "docket:user";
    public const string TenantId = "docket:tenant";
    public const string Login = "docket:login";
    public const string Administrator = "docket:administrator";
    public const string SessionId = "docket:session";
    public const string ApiKeyId = "docket:apikey";

    /// <summary>Present ("true") when the console's session cookie, not a header, carried the credential: its writes are checked for origin.</summary>
    public const string ViaCookie = "docket:cookie";

    /// <summary>One claim per kind: value is the kind's name, then ':' and the <see cref="Rights"/> number.</summary>
    public const string Right = "docket:right";

    public static Guid GetUserId(this ClaimsPrincipal principal) =>
        Guid.Parse(principal.FindFirstValue(UserId) ?? throw new InvalidOperationException("Not authenticated."));

    public static Guid GetTenantId(this ClaimsPrincipal principal) =>
        Guid.Parse(principal.FindFirstValue(TenantId) ?? throw new InvalidOperationException("Not authenticated."));

    public static bool IsAdministrator(this ClaimsPrincipal principal) => principal.HasClaim(Administrator, "true");

    public static Rights GetRights(this ClaimsPrincipal principal, ObjectKind kind)
    {
        if (principal.IsAdministrator())
        {
            return Rights.All;
        }

        var prefix = kind + ":";
        var rights = Rights.None;
        foreach (var claim in principal.FindAll(Right))
        {
            if (claim.Value.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(claim.Value.AsSpan(prefix.Length), out var value))
            {
                rights |= (Rights)value;
            }
        }

        return rights;
    }
}
