using System.Security.Claims;
using Docket.Contracts.Tenants;
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
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Right(ObjectKind.Tenant, Rights.View))
            .WithName("ListTenants")
            .WithSummary("List tenants")
            .WithDescription("The caller's own tenant; every tenant for the Administrator.");
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Right(ObjectKind.Tenant, Rights.View))
            .WithName("GetTenant")
            .WithSummary("Get a tenant")
            .WithDescription("One tenant: the caller's own, or any for the Administrator.")
            .ProblemWhen(404, "no tenant with that id is visible to the caller");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Administrator)
            .WithName("CreateTenant")
            .WithSummary("Create a tenant")
            .WithDescription("Makes a tenant: an isolated set of users, roles, projects and their data.")
            .ProblemWhen(400, "a field is invalid (see errors)")
            .ProblemWhen(409, "a tenant of that name already exists");
        group.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Administrator)
            .WithName("UpdateTenant")
            .WithSummary("Update a tenant")
            .WithDescription("Renames or describes a tenant. Send If-Match with its ETag to refuse a lost update.")
            .ProblemWhen(400, "a field is invalid (see errors)")
            .ProblemWhen(404, "no tenant has that id")
            .ProblemWhen(409, "a tenant of that name already exists")
            .ProblemWhen(412, "If-Match does not name the tenant's current ETag");
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Administrator)
            .WithName("DeleteTenant")
            .WithSummary("Delete a tenant")
            .WithDescription("Removes an empty tenant.")
            .ProblemWhen(404, "no tenant has that id")
            .ProblemWhen(409, "the tenant still has users or projects, or it is the caller's own tenant");
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
