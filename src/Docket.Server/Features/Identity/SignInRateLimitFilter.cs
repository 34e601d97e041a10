using Docket.Contracts.Identity;

namespace Docket.Server.Features.Identity;

/// <summary>
/// The per-login sign-in limit, on the endpoints whose body names a login (<see cref="ISignInRequest"/>). It counts
/// attempts from every address together, except from an address the login signed in from lately, which neither counts
/// nor is held back: the owner there signs in whatever strangers elsewhere send.
/// </summary>
internal sealed partial class SignInRateLimitFilter(SignInLimiter limiter, ILogger<SignInRateLimitFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.Arguments.OfType<ISignInRequest>().FirstOrDefault() is not { } request)
        {
            return await next(context);
        }

        var http = context.HttpContext;
        var auth = http.RequestServices.GetRequiredService<AuthService>();
        var (tenant, login) = auth.Normalize(request.Tenant, request.Login);
        if (await auth.IsKnownAddressAsync(tenant, login, http.RequestAborted))
        {
            return await next(context);
        }

        using var lease = limiter.AcquirePerLogin(tenant + "\n" + login);
        if (lease.IsAcquired)
        {
            return await next(context);
        }

        LogLimited(logger, http.Connection.RemoteIpAddress?.ToString());
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests, title: "Too many sign-in attempts", detail: SignInLimiter.Refusal(http, lease));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a sign-in from {ClientIp}: the login's attempts from all addresses reached their rate limit")]
    private static partial void LogLimited(ILogger logger, string? clientIp);
}
