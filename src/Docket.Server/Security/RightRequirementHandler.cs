using Microsoft.AspNetCore.Authorization;

namespace Docket.Server.Security;

internal sealed class RightRequirementHandler : AuthorizationHandler<RightRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RightRequirement requirement)
    {
        if ((context.User.GetRights(requirement.Kind) & requirement.Rights) == requirement.Rights)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
