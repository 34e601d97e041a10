using System.Security.Claims;
using Docket.Server.Common;
using Docket.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Docket.Server.Features.ApiKeys;

/// <summary><c>/api/v1/api-keys</c>: list, create (the key is in the answer, once), revoke.</summary>
public static class ApiKeyEndpoints
{
    public static IEndpointRouteBuilder MapApiKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/api-keys").WithTags("API keys");
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Right(ObjectKind.ApiKey, Rights.View));
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Right(ObjectKind.ApiKey, Rights.Create));
        group.MapDelete("/{id:guid}", RevokeAsync).RequireAuthorization(Policies.Right(ObjectKind.ApiKey, Rights.Delete));
        return app;
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyResponse>>> ListAsync(ClaimsPrincipal user, ApiKeyService keys, Guid? tenantId, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(Caller.From(user), tenantId, cancellationToken));

    private static async Task<Results<Created<CreatedApiKeyResponse>, ProblemHttpResult>> CreateAsync(
        ClaimsPrincipal user, ApiKeyService keys, CreateApiKeyRequest request, CancellationToken cancellationToken)
    {
        var result = await keys.CreateAsync(Caller.From(user), request, cancellationToken);
        return result.Error is null
            ? TypedResults.Created($"/api/v1/api-keys/{result.Value!.ApiKey.Id}", result.Value)
            : result.Error.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(ClaimsPrincipal user, ApiKeyService keys, Guid id, CancellationToken cancellationToken)
    {
        var error = await keys.RevokeAsync(Caller.From(user), id, cancellationToken);
        return error is null ? TypedResults.NoContent() : error.ToProblem();
    }
}
