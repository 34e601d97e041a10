
namespace Docket.Server.Security;

/// <summary>
/// Guards against cross-site request forgery. A browser attaches the console's cookie to every request to this server,
/// even one a foreign page makes (SameSite=Strict is then the only defence, and it depends on the browser). So a write
/// (any method but GET, HEAD, OPTIONS, TRACE) that the cookie authenticates must show it comes from this server's own
/// origin: its Origin header, or its Referer when there is no Origin. A bearer token or API key is never attached by a
/// browser on its own, so those calls are not checked.
/// </summary>
internal sealed class CookieOriginMiddleware(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (IsSafe(request.Method) || !context.User.HasClaim(DocketClaims.ViaCookie, "true") || ComesFromOwnOrigin(request))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Cross-site request refused",
                Detail = "A change made with the console's session cookie must come from this server's own origin (Origin or Referer header). "
                    + "Scripts and robots sign in with a bearer token or an API key instead.",
            },
        });
    }

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    private static bool ComesFromOwnOrigin(HttpRequest request)
    {
        var claimed = request.Headers.Origin.Count > 0 ? request.Headers.Origin.ToString() : request.Headers.Referer.ToString();

        // "null" (a sandboxed or privacy-stripped origin), several values, or none: nothing shows it is ours.
        if (!Uri.TryCreate(claimed, UriKind.Absolute, out var origin) || !request.Host.HasValue)
        {
            return false;
        }

        var ownPort = request.Host.Port ?? (string.Equals(request.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase) ? 443 : 80);
        return string.Equals(origin.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(origin.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)
            && origin.Port == ownPort;
    }
}
