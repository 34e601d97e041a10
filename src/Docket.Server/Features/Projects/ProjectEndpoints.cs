using System.Security.Claims;
using Docket.Server.Common;
using Docket.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Docket.Server.Features.Projects;

/// <summary><c>/api/v1/projects</c>.</summary>
public static class ProjectEndpoints
{
    public static IEndpointRouteBuilder MapProjectEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/projects").WithTags("Projects");
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Right(ObjectKind.Project, Rights.View));
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Right(ObjectKind.Project, Rights.Create));
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Right(ObjectKind.Project, Rights.View));
        group.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Right(ObjectKind.Project, Rights.Edit));
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Right(ObjectKind.Project, Rights.Delete));
        return app;
    }

    private static async Task<Results<Ok<Page<ProjectResponse>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, ProjectService projects, Guid? tenantId, string? search, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var result = await projects.ListAsync(Caller.From(user), tenantId, search, cursor, limit, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, ProjectService projects, Guid id, HttpResponse response, CancellationToken cancellationToken)
    {
        var result = await projects.GetAsync(Caller.From(user), id, cancellationToken);
        return ETags.Ok(result, r => r.ETag, response);
    }

    private static async Task<Results<Created<ProjectResponse>, ProblemHttpResult>> CreateAsync(
        ClaimsPrincipal user, ProjectService projects, ProjectRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var result = await projects.CreateAsync(Caller.From(user), request, cancellationToken);
        if (result.Error is not null)
        {
            return result.Error.ToProblem();
        }

        response.Headers.ETag = result.Value!.ETag;
        return TypedResults.Created($"/api/v1/projects/{result.Value.Id}", result.Value);
    }

    private static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> UpdateAsync(
        ClaimsPrincipal user, ProjectService projects, Guid id, ProjectRequest request, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await projects.UpdateAsync(Caller.From(user), id, request, stamp => ETags.Matches(context.Request, stamp), cancellationToken);
        return ETags.Ok(result, r => r.ETag, context.Response);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        ClaimsPrincipal user, ProjectService projects, Guid id, HttpContext context, CancellationToken cancellationToken)
    {
        var error = await projects.DeleteAsync(Caller.From(user), id, stamp => ETags.Matches(context.Request, stamp), cancellationToken);
        return error is null ? TypedResults.NoContent() : error.ToProblem();
    }
}
