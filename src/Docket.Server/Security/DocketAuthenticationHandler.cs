using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Docket.Server.Security;

/// <summary>
/// One scheme for every kind of caller: <c>Authorization: Bearer</c> with a session token or API key,
/// <c>X-Api-Key</c>, or the console's session cookie. Refusals are RFC 9457 problem details.
/// </summary>
internal sealed class DocketAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ICredentialStore principals,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string CookieName = "docket_session";
    public const string ApiKeyHeader = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var (credential, fromCookie) = ReadCredential();
        if (credential is null)
        {
            return AuthenticateResult.NoResult();
        }

        var principal = await principals.FromCredentialAsync(credential, Context.RequestAborted);
        if (principal is null)
        {
            return AuthenticateResult.Fail("The credential is unknown, expired or revoked.");
        }

        if (fromCookie)
        {
            // A browser sends the cookie to this server whoever's page asks: CookieOriginMiddleware checks such writes.
            ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(DocketClaims.ViaCookie, "true"));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = 401, Title = "Unauthorized", Detail = "Sign in, or send a valid bearer token or API key." },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = 403, Title = "Forbidden", Detail = "Your roles do not grant the right this request needs." },
        });
    }

    private (string? Credential, bool FromCookie) ReadCredential()
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return (Clean(authorization["Bearer ".Length..]), false);
        }

        if (Request.Headers.TryGetValue(ApiKeyHeader, out var apiKey))
        {
            return (Clean(apiKey.ToString()), false);
        }

        return Request.Cookies.TryGetValue(CookieName, out var cookie) ? (Clean(cookie), true) : (null, false);
    }

    private static string? Clean(string? value)
    {
        var trimmed = value?.Trim();
        // Anything longer than a Docket credential is not one; do not hash megabytes of header.
        return string.IsNullOrEmpty(trimmed) || trimmed.Length > 200 ? null : trimmed;
    }
}
