using System.Security.Claims;

namespace Docket.Server.Security;

/// <summary>
/// Where credentials are kept and turned into principals: implemented by the identity area (sessions, API keys, users
/// and their roles), used by the authentication handler and by <see cref="CallerWatcher"/>. Security defines it so
/// that it knows no feature.
/// </summary>
public interface ICredentialStore
{
    /// <summary>The principal of a session token or API key, or null when it is unknown, expired or revoked.</summary>
    Task<ClaimsPrincipal?> FromCredentialAsync(string credential, CancellationToken cancellationToken);

    /// <summary>The principal's credential checked again now: null when its session or key, user or tenant is gone.</summary>
    Task<ClaimsPrincipal?> RevalidateAsync(ClaimsPrincipal principal, CancellationToken cancellationToken);
}
