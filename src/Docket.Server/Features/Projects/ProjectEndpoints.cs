using System.Security.Claims;
using Docket.Contracts.Common;
using Docket.Contracts.Projects;
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
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Right(ObjectKind.Project, Rights.View))
            .WithName("ListProjects")
            .WithSummary("List projects")
            .WithDescription("A page of the caller's tenant's projects in creation order; the Administrator sees every tenant's, "
                + "or one tenant's with tenantId. search filters by name; follow next as cursor for the next page.")
            .ProblemWhen(400, "limit or cursor is out of range (see errors)");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Right(ObjectKind.Project, Rights.Create))
            .WithName("CreateProject")
            .WithSummary("Create a project")
            .WithDescription("Makes a project in the caller's tenant (the Administrator may name another with tenantId) and answers it with its ETag.")
            .ProblemWhen(400, "a field is invalid (see errors), or tenantId names no tenant")
            .ProblemWhen(409, "a project of that name already exists in the tenant");
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Right(ObjectKind.Project, Rights.View))
            .WithName("GetProject")
            .WithSummary("Get a project")
            .WithDescription("One project, with its ETag for a later If-Match.")
            .ProblemWhen(404, "no project with that id is visible to the caller");
        group.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Right(ObjectKind.Project, Rights.Edit))
            .WithName("UpdateProject")
            .WithSummary("Update a project")
            .WithDescription("Renames or describes a project (it cannot move to another tenant). Send If-Match with its ETag to refuse a lost update.")
            .ProblemWhen(400, "a field is invalid (see errors)")
            .ProblemWhen(404, "no project with that id is visible to the caller")
            .ProblemWhen(409, "a project of that name already exists in the tenant")
            .ProblemWhen(412, "If-Match does not name the project's current ETag");
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Right(ObjectKind.Project, Rights.Delete))
            .WithName("DeleteProject")
            .WithSummary("Delete a project")
            .WithDescription("Removes an empty project. Send If-Match with its ETag to refuse removing a version you have not seen.")
            .ProblemWhen(404, "no project with that id is visible to the caller")
            .ProblemWhen(409, "the project still has images, marking schemes or datasets")
            .ProblemWhen(412, "If-Match does not name the project's current ETag");
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
