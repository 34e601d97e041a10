using System.Security.Claims;
using Docket.Server.Common;
using Docket.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Docket.Server.Features.Roles;

/// <summary><c>/api/v1/roles</c>.</summary>
public static class RoleEndpoints
{
    public static IEndpointRouteBuilder MapRoleEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/roles").WithTags("Roles");
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Right(ObjectKind.Role, Rights.View));
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Right(ObjectKind.Role, Rights.Create));
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Right(ObjectKind.Role, Rights.View));
        group.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Right(ObjectKind.Role, Rights.Edit));
        group.MapPut("/{id:guid}/permissions", SetPermissionsAsync).RequireAuthorization(Policies.Right(ObjectKind.Role, Rights.Manage));
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Right(ObjectKind.Role, Rights.Delete));
        return app;
    }

    private static async Task<Ok<IReadOnlyList<RoleResponse>>> ListAsync(ClaimsPrincipal user, RoleService roles, Guid? tenantId, CancellationToken cancellationToken) =>
        TypedResults.Ok(await roles.ListAsync(Caller.From(user), tenantId, cancellationToken));

    private static async Task<Results<Ok<RoleResponse>, ProblemHttpResult>> GetAsync(ClaimsPrincipal user, RoleService roles, Guid id, CancellationToken cancellationToken) =>
        Answer(await roles.GetAsync(Caller.From(user), id, cancellationToken));

    private static async Task<Results<Created<RoleResponse>, ProblemHttpResult>> CreateAsync(
        ClaimsPrincipal user, RoleService roles, RoleRequest request, Guid? tenantId, CancellationToken cancellationToken)
    {
        var result = await roles.CreateAsync(Caller.From(user), request, tenantId, cancellationToken);
        return result.Error is null ? TypedResults.Created($"/api/v1/roles/{result.Value!.Id}", result.Value) : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<RoleResponse>, ProblemHttpResult>> UpdateAsync(
        ClaimsPrincipal user, RoleService roles, Guid id, RoleRequest request, HttpRequest http, CancellationToken cancellationToken) =>
        Answer(await roles.UpdateAsync(Caller.From(user), id, request, stamp => ETags.Matches(http, stamp), cancellationToken));

    private static async Task<Results<Ok<RoleResponse>, ProblemHttpResult>> SetPermissionsAsync(
        ClaimsPrincipal user, RoleService roles, Guid id, SetPermissionsRequest request, HttpRequest http, CancellationToken cancellationToken) =>
        Answer(await roles.SetPermissionsAsync(Caller.From(user), id, request, stamp => ETags.Matches(http, stamp), cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(ClaimsPrincipal user, RoleService roles, Guid id, CancellationToken cancellationToken)
    {
        var error = await roles.DeleteAsync(Caller.From(user), id, cancellationToken);
        return error is null ? TypedResults.NoContent() : error.ToProblem();
    }

    private static Results<Ok<RoleResponse>, ProblemHttpResult> Answer(Result<RoleResponse> result) =>
        result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
}
