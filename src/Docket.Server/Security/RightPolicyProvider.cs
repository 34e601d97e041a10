using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Docket.Server.Security;

/// <summary>Builds <c>right:Kind:Rights</c> policies on demand, so no kind needs registering.</summary>
internal sealed class RightPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (policyName.StartsWith(Policies.RightPrefix, StringComparison.Ordinal))
        {
            var parts = policyName[Policies.RightPrefix.Length..].Split(':');
            if (parts.Length == 2 && Enum.TryParse<ObjectKind>(parts[0], out var kind) && int.TryParse(parts[1], out var rights))
            {
                return new AuthorizationPolicyBuilder(DocketClaims.Scheme)
                    .RequireAuthenticatedUser()
                    .AddRequirements(new RightRequirement(kind, (Rights)rights))
                    .Build();
            }
        }

        return await base.GetPolicyAsync(policyName);
    }
}
