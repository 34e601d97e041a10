namespace Docket.Server.Common;

/// <summary>
/// Declares, on an endpoint, a problem-details answer it can give and when: the OpenAPI document lists the status
/// with <c>application/problem+json</c> and the reason as the response's description (see <see cref="ApiOperationTransformer"/>).
/// </summary>
public static class ProblemResponses
{
    /// <summary>The endpoint answers <paramref name="status"/> as problem details when <paramref name="when"/>.</summary>
    public static RouteHandlerBuilder ProblemWhen(this RouteHandlerBuilder builder, int status, string when) =>
        builder.ProducesProblem(status).WithMetadata(new ProblemReason(status, when));
}
