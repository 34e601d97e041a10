using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Identity;

/// <summary>
/// The sign-in rate limits (<c>Identity:SignInLimits</c>), on ASP.NET Core's rate limiter: per client address as an
/// endpoint policy (<see cref="PerAddressPolicy"/>), per login in <see cref="SignInRateLimitFilter"/> once the body names
/// it. Both refuse with 429 problem details and Retry-After, before any password is checked or any event recorded. The
/// counts live in this replica's memory: N replicas let N times the limit through.
/// </summary>
public sealed class SignInLimiter : IDisposable
{
    public const string PerAddressPolicy = "docket:sign-in-per-address";

    private readonly PartitionedRateLimiter<string> perLogin;

    public SignInLimiter(IOptions<IdentityOptions> options)
    {
        var window = options.Value.SignInLimits.PerLogin;
        perLogin = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => Limit(window)));
    }

    /// <summary>Takes one attempt at <paramref name="key"/> (tenant and login); the lease says whether it may go on.</summary>
    public RateLimitLease AcquirePerLogin(string key) => perLogin.AttemptAcquire(key);

    public void Dispose() => perLogin.Dispose();

    /// <summary>Registers the per-address policy and the 429 answer of the rate limiter middleware.</summary>
    public static void Configure(RateLimiterOptions limiter, IdentityOptions.RateLimitWindowOptions perAddress)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.AddPolicy(PerAddressPolicy, context =>
            RateLimitPartition.GetFixedWindowLimiter(ClientAddress.Of(context.Connection.RemoteIpAddress), _ => Limit(perAddress)));
        limiter.OnRejected = async (rejected, cancellationToken) =>
        {
            var http = rejected.HttpContext;
            var detail = Refusal(http, rejected.Lease);
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many sign-in attempts", Detail = detail },
            });
        };
    }

    /// <summary>Sets Retry-After from the refused lease and says why, in words that give nothing about the account away.</summary>
    public static string Refusal(HttpContext http, RateLimitLease lease)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return $"Too many sign-in attempts from this address or at this login. Try again after the Retry-After header's {seconds} seconds.";
    }

    private static FixedWindowRateLimiterOptions Limit(IdentityOptions.RateLimitWindowOptions window) => new()
    {
        PermitLimit = window.PermitLimit,
        Window = window.Window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
