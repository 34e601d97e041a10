using System.Security.Claims;
using Docket.Server.Common;
using Docket.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Docket.Server.Features.Tenants;

/// <summary><c>/api/v1/tenants</c>: reading needs Tenant View (own tenant), changing needs the Administrator.</summary>
public static class TenantEndpoints
{
    public static IEndpointRouteBuilder MapTenantEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/tenants").WithTags("Tenants");
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Right(ObjectKind.Tenant, Rights.View));
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Right(ObjectKind.Tenant, Rights.View));
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Administrator);
        group.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Administrator);
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Administrator);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<TenantResponse>>> ListAsync(ClaimsPrincipal user, TenantService tenants, CancellationToken cancellationToken) =>
        TypedResults.Ok(await tenants.ListAsync(Caller.From(user), cancellationToken));

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, TenantService tenants, Guid id, CancellationToken cancellationToken)
    {
        var result = await tenants.GetAsync(Caller.From(user), id, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static async Task<Results<Created<TenantResponse>, ProblemHttpResult>> CreateAsync(
        TenantService tenants, TenantRequest request, CancellationToken cancellationToken)
    {
        var result = await tenants.CreateAsync(request, cancellationToken);
        return result.Error is null ? TypedResults.Created($"/api/v1/tenants/{result.Value!.Id}", result.Value) : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> UpdateAsync(
        TenantService tenants, Guid id, TenantRequest request, HttpRequest http, CancellationToken cancellationToken)
    {
        var result = await tenants.UpdateAsync(id, request, stamp => ETags.Matches(http, stamp), cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        ClaimsPrincipal user, TenantService tenants, Guid id, CancellationToken cancellationToken)
    {
        var error = await tenants.DeleteAsync(Caller.From(user), id, cancellationToken);
        return error is null ? TypedResults.NoContent() : error.ToProblem();
    }
}
