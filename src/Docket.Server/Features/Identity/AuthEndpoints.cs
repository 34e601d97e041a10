using System.Security.Claims;
using Docket.Contracts.Identity;
using Docket.Server.Common;
using Docket.Server.Features.Tenants;
using Docket.Server.Features.Users;
using Docket.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Docket.Server.Features.Identity;

/// <summary><c>/api/v1/auth</c>: login (token and/or console cookie), logout, password change, who am I.</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/auth").WithTags("Auth");
        // Both check a password: rate-limited per client address, then per login, before the lockout counts.
        group.MapPost("/login", LoginAsync).AllowAnonymous()
            .RequireRateLimiting(SignInLimiter.PerAddressPolicy).AddEndpointFilter<SignInRateLimitFilter>()
            .WithName("Login")
            .WithSummary("Sign in")
            .WithDescription("Checks a login and password (and tenant) and answers a session token for Authorization: Bearer; "
                + "with useCookie the console's session cookie is set too. Repeated failures lock the account for a while.")
            .ProblemWhen(400, "the body is invalid (see errors)")
            .ProblemWhen(401, "the login, password or tenant is wrong, or the account may not sign in (blocked, locked out)")
            .ProblemWhen(403, "the password must be changed first, or has expired: use ChangePassword")
            .ProblemWhen(429, "too many sign-in attempts from this address or for this login");
        group.MapPost("/password", ChangePasswordAsync).AllowAnonymous()
            .RequireRateLimiting(SignInLimiter.PerAddressPolicy).AddEndpointFilter<SignInRateLimitFilter>()
            .WithName("ChangePassword")
            .WithSummary("Change one's own password")
            .WithDescription("Changes a password given the current one; it works without a session, so an expired password can be changed. It ends every session of the user.")
            .ProblemWhen(400, "the new password breaks the password policy (see errors)")
            .ProblemWhen(401, "the login, current password or tenant is wrong, or the account may not sign in")
            .ProblemWhen(429, "too many sign-in attempts from this address or for this login");
        group.MapPost("/logout", LogoutAsync).RequireAuthorization(Policies.Authenticated)
            .WithName("Logout")
            .WithSummary("Sign out")
            .WithDescription("Ends the session the request uses and clears the session cookie.");
        group.MapGet("/me", MeAsync).RequireAuthorization(Policies.Authenticated)
            .WithName("GetCurrentUser")
            .WithSummary("Who am I")
            .WithDescription("The signed-in user, their tenant, whether they are the Administrator, and their rights on each kind of object.");
        return app;
    }

    private static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, AuthService auth, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await auth.LoginAsync(request, cancellationToken);
        if (result.Error is not null)
        {
            return result.Error.ToProblem();
        }

        if (request.UseCookie)
        {
            context.Response.Cookies.Append(DocketAuthenticationHandler.CookieName, result.Value!.Token, new CookieOptions
            {
                HttpOnly = true,
                Secure = context.Request.IsHttps,
                SameSite = SameSiteMode.Strict,
                Expires = result.Value.ExpiresAt,
                Path = "/",
            });
        }

        return TypedResults.Ok(result.Value!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ChangePasswordAsync(
        ChangePasswordRequest request, AuthService auth, CancellationToken cancellationToken)
    {
        var error = await auth.ChangePasswordAsync(request, cancellationToken);
        return error is null ? TypedResults.NoContent() : error.ToProblem();
    }

    private static async Task<NoContent> LogoutAsync(ClaimsPrincipal user, AuthService auth, HttpContext context, CancellationToken cancellationToken)
    {
        await auth.LogoutAsync(user, cancellationToken);
        context.Response.Cookies.Delete(DocketAuthenticationHandler.CookieName);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<CurrentUserResponse>> MeAsync(
        ClaimsPrincipal principal, UserQueries users, TenantQueries tenants, CancellationToken cancellationToken)
    {
        // The principal was made from both moments ago, so they are there.
        var userId = principal.GetUserId();
        var user = await users.FindAsync(userId, cancellationToken) ?? throw new InvalidOperationException($"User {userId} is gone.");
        var tenant = await tenants.FindAsync(user.TenantId, cancellationToken) ?? throw new InvalidOperationException($"Tenant {user.TenantId} is gone.");
        var rights = Enum.GetValues<ObjectKind>()
            .Select(kind => (kind, rights: principal.GetRights(kind)))
            .Where(x => x.rights != Rights.None)
            .ToDictionary(x => x.kind.ToString(), x => RightNames.ToNames(x.rights));
        return TypedResults.Ok(new CurrentUserResponse(
            user.Id, user.Login, user.DisplayName, tenant.Id, tenant.Name, principal.IsAdministrator(), rights));
    }
}
