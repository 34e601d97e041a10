using System.Security.Claims;
using Docket.Contracts.ApiKeys;
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
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Right(ObjectKind.ApiKey, Rights.View))
            .WithName("ListApiKeys")
            .WithSummary("List API keys")
            .WithDescription("The keys of the caller's tenant (never the secrets); the Administrator sees every tenant's, or one tenant's with tenantId.");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Right(ObjectKind.ApiKey, Rights.Create))
            .WithName("CreateApiKey")
            .WithSummary("Create an API key")
            .WithDescription("Makes a key that acts as the caller, or as a service account (userId) whose rights the caller holds. "
                + "The answer holds the key itself, once: it is not stored and cannot be read again.")
            .ProblemWhen(400, "a field is invalid (see errors): expiresAt is past, or userId names no account the caller may make keys for");
        group.MapDelete("/{id:guid}", RevokeAsync).RequireAuthorization(Policies.Right(ObjectKind.ApiKey, Rights.Delete))
            .WithName("RevokeApiKey")
            .WithSummary("Revoke an API key")
            .WithDescription("Revokes a key at once: requests and streams that use it end.")
            .ProblemWhen(403, "the key acts as a user whose rights the caller does not hold")
            .ProblemWhen(404, "no key with that id is visible to the caller");
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
