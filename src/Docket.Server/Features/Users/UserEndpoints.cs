using System.Security.Claims;
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
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Right(ObjectKind.User, Rights.View));
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Right(ObjectKind.User, Rights.Create));
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Right(ObjectKind.User, Rights.View));
        group.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Right(ObjectKind.User, Rights.Edit));
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Right(ObjectKind.User, Rights.Delete));
        group.MapPut("/{id:guid}/roles", AssignRolesAsync).RequireAuthorization(Policies.Right(ObjectKind.User, Rights.Manage));
        group.MapPost("/{id:guid}/block", BlockAsync).RequireAuthorization(Policies.Right(ObjectKind.User, Rights.Manage));
        group.MapPost("/{id:guid}/unblock", UnblockAsync).RequireAuthorization(Policies.Right(ObjectKind.User, Rights.Manage));
        group.MapPut("/{id:guid}/password", SetPasswordAsync).RequireAuthorization(Policies.Right(ObjectKind.User, Rights.Manage));
        return app;
    }

    private static async Task<Ok<IReadOnlyList<UserResponse>>> ListAsync(ClaimsPrincipal user, UserService users, Guid? tenantId, CancellationToken cancellationToken) =>
        TypedResults.Ok(await users.ListAsync(Caller.From(user), tenantId, cancellationToken));

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
