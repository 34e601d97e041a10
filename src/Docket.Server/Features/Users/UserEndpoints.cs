using System.Security.Claims;
using Docket.Contracts.Common;
using Docket.Contracts.Users;
using Docket.Server.Common;
using Docket.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Docket.Server.Features.Users;

/// <summary><c>/api/v1/users</c>. Roles, blocking and passwords of others need the Manage right.</summary>
public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/users").WithTags("Users");
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Right(ObjectKind.User, Rights.View))
            .WithName("ListUsers")
            .WithSummary("List users")
            .WithDescription("A page of the caller's tenant's users in creation order; the Administrator sees every tenant's, "
                + "or one tenant's with tenantId. Follow next as cursor for the next page.")
            .ProblemWhen(400, "limit or cursor is out of range (see errors)");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Right(ObjectKind.User, Rights.Create))
            .WithName("CreateUser")
            .WithSummary("Create a user")
            .WithDescription("Makes a user (a person with a password, or a service account for API keys) in the caller's tenant "
                + "(the Administrator may name another with tenantId), with the given roles. Nobody grants roles wider than their own rights.")
            .ProblemWhen(400, "a field is invalid (see errors): the password breaks the policy, a role may not be granted, or tenantId names no tenant")
            .ProblemWhen(409, "a user with that login already exists in the tenant");
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Right(ObjectKind.User, Rights.View))
            .WithName("GetUser")
            .WithSummary("Get a user")
            .WithDescription("One user, with their roles.")
            .ProblemWhen(404, "no user with that id is visible to the caller");
        group.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Right(ObjectKind.User, Rights.Edit))
            .WithName("UpdateUser")
            .WithSummary("Update a user")
            .WithDescription("Changes a user's display name and email. Send If-Match with their ETag to refuse a lost update.")
            .ProblemWhen(400, "a field is invalid (see errors)")
            .ProblemWhen(403, "the user holds rights the caller does not hold, or is an Administrator and the caller is not")
            .ProblemWhen(404, "no user with that id is visible to the caller")
            .ProblemWhen(412, "If-Match does not name the user's current ETag");
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Right(ObjectKind.User, Rights.Delete))
            .WithName("DeleteUser")
            .WithSummary("Delete a user")
            .WithDescription("Removes a user; their sessions, keys and streams end.")
            .ProblemWhen(403, "the user holds rights the caller does not hold, or is an Administrator and the caller is not")
            .ProblemWhen(404, "no user with that id is visible to the caller")
            .ProblemWhen(409, "the user is the caller");
        group.MapPut("/{id:guid}/roles", AssignRolesAsync).RequireAuthorization(Policies.Right(ObjectKind.User, Rights.Manage))
            .WithName("AssignUserRoles")
            .WithSummary("Set a user's roles")
            .WithDescription("Replaces a user's roles; their open streams check their rights again. Roles must be built-in or of the user's tenant.")
            .ProblemWhen(400, "a role is unknown, of another tenant, or grants rights the caller does not hold (see errors)")
            .ProblemWhen(403, "the user holds rights the caller does not hold, or is an Administrator and the caller is not")
            .ProblemWhen(404, "no user with that id is visible to the caller");
        group.MapPost("/{id:guid}/block", BlockAsync).RequireAuthorization(Policies.Right(ObjectKind.User, Rights.Manage))
            .WithName("BlockUser")
            .WithSummary("Block a user")
            .WithDescription("Stops a user from signing in and ends their sessions and streams, until they are unblocked.")
            .ProblemWhen(403, "the user holds rights the caller does not hold, or is an Administrator and the caller is not")
            .ProblemWhen(404, "no user with that id is visible to the caller")
            .ProblemWhen(409, "the user is the caller");
        group.MapPost("/{id:guid}/unblock", UnblockAsync).RequireAuthorization(Policies.Right(ObjectKind.User, Rights.Manage))
            .WithName("UnblockUser")
            .WithSummary("Unblock a user")
            .WithDescription("Lets a blocked user sign in again, and ends their lockouts.")
            .ProblemWhen(403, "the user holds rights the caller does not hold, or is an Administrator and the caller is not")
            .ProblemWhen(404, "no user with that id is visible to the caller")
            .ProblemWhen(409, "the user is the caller");
        group.MapPut("/{id:guid}/password", SetPasswordAsync).RequireAuthorization(Policies.Right(ObjectKind.User, Rights.Manage))
            .WithName("SetUserPassword")
            .WithSummary("Set a user's password")
            .WithDescription("Sets another user's password (an administrator's reset); it ends the user's sessions.")
            .ProblemWhen(400, "the new password breaks the password policy, or the user is a service account (see errors)")
            .ProblemWhen(403, "the user holds rights the caller does not hold, or is an Administrator and the caller is not")
            .ProblemWhen(404, "no user with that id is visible to the caller");
        return app;
    }

    private static async Task<Results<Ok<Page<UserResponse>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, UserService users, Guid? tenantId, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var result = await users.ListAsync(Caller.From(user), tenantId, cursor, limit, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetAsync(ClaimsPrincipal user, UserService users, Guid id, CancellationToken cancellationToken) =>
        Answer(await users.GetAsync(Caller.From(user), id, cancellationToken));

    private static async Task<Results<Created<UserResponse>, ProblemHttpResult>> CreateAsync(
        ClaimsPrincipal user, UserService users, CreateUserRequest request, CancellationToken cancellationToken)
    {
        var result = await users.CreateAsync(Caller.From(user), request, cancellationToken);
        return result.Error is null ? TypedResults.Created($"/api/v1/users/{result.Value!.Id}", result.Value) : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> UpdateAsync(
        ClaimsPrincipal user, UserService users, Guid id, UpdateUserRequest request, HttpRequest http, CancellationToken cancellationToken) =>
        Answer(await users.UpdateAsync(Caller.From(user), id, request, stamp => ETags.Matches(http, stamp), cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(ClaimsPrincipal user, UserService users, Guid id, CancellationToken cancellationToken)
    {
        var error = await users.DeleteAsync(Caller.From(user), id, cancellationToken);
        return error is null ? TypedResults.NoContent() : error.ToProblem();
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> AssignRolesAsync(
        ClaimsPrincipal user, UserService users, Guid id, AssignRolesRequest request, CancellationToken cancellationToken) =>
        Answer(await users.AssignRolesAsync(Caller.From(user), id, request, cancellationToken));

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> BlockAsync(ClaimsPrincipal user, UserService users, Guid id, CancellationToken cancellationToken) =>
        Answer(await users.SetBlockedAsync(Caller.From(user), id, blocked: true, cancellationToken));

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> UnblockAsync(ClaimsPrincipal user, UserService users, Guid id, CancellationToken cancellationToken) =>
        Answer(await users.SetBlockedAsync(Caller.From(user), id, blocked: false, cancellationToken));

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> SetPasswordAsync(
        ClaimsPrincipal user, UserService users, Guid id, SetPasswordRequest request, CancellationToken cancellationToken) =>
        Answer(await users.SetPasswordAsync(Caller.From(user), id, request, cancellationToken));

    private static Results<Ok<UserResponse>, ProblemHttpResult> Answer(Result<UserResponse> result) =>
        result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
}
