using System.Security.Claims;
using Docket.Contracts.Roles;
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
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Right(ObjectKind.Role, Rights.View))
            .WithName("ListRoles")
            .WithSummary("List roles")
            .WithDescription("The built-in roles and the caller's tenant's own, by name; the Administrator sees every tenant's, or one tenant's with tenantId.");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Right(ObjectKind.Role, Rights.Create))
            .WithName("CreateRole")
            .WithSummary("Create a role")
            .WithDescription("Makes a role of the caller's tenant (the Administrator may name another with tenantId); its rights are set with SetRolePermissions.")
            .ProblemWhen(400, "a field is invalid (see errors)")
            .ProblemWhen(409, "a role of that name already exists");
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Right(ObjectKind.Role, Rights.View))
            .WithName("GetRole")
            .WithSummary("Get a role")
            .WithDescription("One role, with the rights it grants.")
            .ProblemWhen(404, "no role with that id is visible to the caller");
        group.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Right(ObjectKind.Role, Rights.Edit))
            .WithName("UpdateRole")
            .WithSummary("Update a role")
            .WithDescription("Renames or describes a role of the tenant. Send If-Match with its ETag to refuse a lost update.")
            .ProblemWhen(400, "a field is invalid (see errors)")
            .ProblemWhen(404, "no role with that id is visible to the caller")
            .ProblemWhen(409, "the role is built-in, or a role of that name already exists")
            .ProblemWhen(412, "If-Match does not name the role's current ETag");
        group.MapPut("/{id:guid}/permissions", SetPermissionsAsync).RequireAuthorization(Policies.Right(ObjectKind.Role, Rights.Manage))
            .WithName("SetRolePermissions")
            .WithSummary("Set a role's rights")
            .WithDescription("Replaces the rights a role grants, per kind of object; its holders' open streams check their rights again.")
            .ProblemWhen(400, "a kind or right is unknown, or grants rights the caller does not hold (see errors)")
            .ProblemWhen(403, "the role grants rights the caller does not hold, so the caller may not take them away")
            .ProblemWhen(404, "no role with that id is visible to the caller")
            .ProblemWhen(409, "the role is built-in")
            .ProblemWhen(412, "If-Match does not name the role's current ETag");
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Right(ObjectKind.Role, Rights.Delete))
            .WithName("DeleteRole")
            .WithSummary("Delete a role")
            .WithDescription("Removes a role of the tenant; its holders lose what it granted.")
            .ProblemWhen(403, "the role grants rights the caller does not hold")
            .ProblemWhen(404, "no role with that id is visible to the caller")
            .ProblemWhen(409, "the role is built-in");
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
