using System.Security.Claims;
using Docket.Server.Common;
using Docket.Server.Features.Tenants;
using Docket.Server.Features.Users;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Identity;

/// <summary><c>/api/v1/auth</c>: login (token and/or console cookie), logout, password change, who am I.</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/auth").WithTags("Auth");
        // Both check a password: rate-limited per client address, then per login, before the lockout counts.
        group.MapPost("/login", LoginAsync).AllowAnonymous()
            .RequireRateLimiting(SignInLimiter.PerAddressPolicy).AddEndpointFilter<SignInRateLimitFilter>();
        group.MapPost("/password", ChangePasswordAsync).AllowAnonymous()
            .RequireRateLimiting(SignInLimiter.PerAddressPolicy).AddEndpointFilter<SignInRateLimitFilter>();
        group.MapPost("/logout", LogoutAsync).RequireAuthorization(Policies.Authenticated);
        group.MapGet("/me", MeAsync).RequireAuthorization(Policies.Authenticated);
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
        ClaimsPrincipal principal, DocketDbContext db, CancellationToken cancellationToken)
    {
        var userId = principal.GetUserId();
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == userId, cancellationToken);
        var tenant = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == user.TenantId, cancellationToken);
        var rights = Enum.GetValues<ObjectKind>()
            .Select(kind => (kind, rights: principal.GetRights(kind)))
            .Where(x => x.rights != Rights.None)
            .ToDictionary(x => x.kind.ToString(), x => RightNames.ToNames(x.rights));
        return TypedResults.Ok(new CurrentUserResponse(
            user.Id, user.Login, user.DisplayName, tenant.Id, tenant.Name, principal.IsAdministrator(), rights));
    }
}
