using System.Diagnostics;
using System.Text.RegularExpressions;
using Docket.Server.Common;
using Docket.Server.Security;

namespace Docket.Server.Hosting;

/// <summary>Fills the request's <see cref="OperationContext"/> after authentication: caller, client IP, operation key, trace id.</summary>
internal sealed partial class OperationContextMiddleware(RequestDelegate next)
{
    public const string OperationKeyHeader = "X-Operation-Key";

    public Task InvokeAsync(HttpContext context, OperationContext operation)
    {
        operation.ClientIp = context.Connection.RemoteIpAddress?.ToString();
        operation.TraceId = Activity.Current?.TraceId.ToHexString();
        var requested = context.Request.Headers[OperationKeyHeader].ToString();
        if (requested.Length is > 0 and <= 100 && OperationKeyShape().IsMatch(requested))
        {
            operation.OperationKey = requested;
        }

        if (context.User.Identity?.IsAuthenticated == true)
        {
            operation.UserId = context.User.GetUserId();
            operation.TenantId = context.User.GetTenantId();
            operation.UserLogin = context.User.Identity.Name;
        }

        context.Response.Headers[OperationKeyHeader] = operation.OperationKey;
        return next(context);
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]+$")]
    private static partial Regex OperationKeyShape();
}
