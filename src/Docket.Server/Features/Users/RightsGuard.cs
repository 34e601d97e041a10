using Docket.Server.Common;
using Docket.Server.Features.Roles;
using Docket.Server.Security;

namespace Docket.Server.Features.Users;

/// <summary>
/// Keeps delegated administration from climbing: nobody changes the password, roles, state, details or keys of a
/// user whose rights are wider than their own. Otherwise whoever may manage users could reset a TenantAdministrator's
/// password and sign in as them. (Granting is the other half: <see cref="Caller.Covers"/> on what is handed out.)
/// </summary>
public sealed class RightsGuard(RoleQueries roles)
{
    public async Task<ApiError?> CheckCanChangeAsync(Caller caller, User user, CancellationToken cancellationToken)
    {
        var roleIds = user.Roles.Select(r => r.RoleId).ToList();
        if (roleIds.Contains(Role.AdministratorId) && !caller.IsAdministrator)
        {
            // The Administrator reaches every tenant: only another Administrator may change one.
            return ApiError.Forbidden("Only an Administrator may change an Administrator.");
        }

        return caller.Covers(await roles.EffectiveRightsAsync(roleIds, cancellationToken))
            ? null
            : ApiError.Forbidden("The user holds rights you do not hold yourself, so you may not change them, their password, roles, state or keys.");
    }
}
