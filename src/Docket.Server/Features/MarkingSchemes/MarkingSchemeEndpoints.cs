using System.Security.Claims;
using Docket.Server.Common;
using Docket.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Docket.Server.Features.MarkingSchemes;

/// <summary>
/// <c>/api/v1/projects/{projectId}/marking-schemes</c> and <c>/api/v1/marking-schemes</c>. Changing a field is
/// editing its scheme: every field endpoint needs MarkingScheme Edit and honours If-Match on the scheme's ETag.
/// </summary>
public static class MarkingSchemeEndpoints
{
    public static IEndpointRouteBuilder MapMarkingSchemeEndpoints(this IEndpointRouteBuilder app)
    {
        var view = Policies.Right(ObjectKind.MarkingScheme, Rights.View);
        var edit = Policies.Right(ObjectKind.MarkingScheme, Rights.Edit);

        var project = app.MapGroup("/api/v1/projects/{projectId:guid}/marking-schemes").WithTags("Marking schemes");
        project.MapGet("/", ListAsync).RequireAuthorization(view);
        project.MapPost("/", CreateAsync).RequireAuthorization(Policies.Right(ObjectKind.MarkingScheme, Rights.Create));

        var group = app.MapGroup("/api/v1/marking-schemes").WithTags("Marking schemes");
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(view);
        group.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(edit);
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Right(ObjectKind.MarkingScheme, Rights.Delete));
        group.MapPost("/{id:guid}/fields", AddFieldAsync).RequireAuthorization(edit);
        group.MapPatch("/{id:guid}/fields", UpdateFieldSettingsAsync).RequireAuthorization(edit);
        group.MapGet("/{id:guid}/fields/{fieldId:guid}", GetFieldAsync).RequireAuthorization(view);
        group.MapPut("/{id:guid}/fields/{fieldId:guid}", UpdateFieldAsync).RequireAuthorization(edit);
        group.MapDelete("/{id:guid}/fields/{fieldId:guid}", DeleteFieldAsync).RequireAuthorization(edit);
        group.MapPut("/{id:guid}/fields/{fieldId:guid}/columns", SetColumnsAsync).RequireAuthorization(edit);
        return app;
    }

    private static async Task<Results<Ok<Page<MarkingSchemeResponse>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, MarkingSchemeService schemes, Guid projectId, string? search, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var result = await schemes.ListAsync(Caller.From(user), projectId, search, cursor, limit, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static async Task<Results<Created<MarkingSchemeResponse>, ProblemHttpResult>> CreateAsync(
        ClaimsPrincipal user, MarkingSchemeService schemes, Guid projectId, CreateMarkingSchemeRequest request, HttpResponse response,
        CancellationToken cancellationToken)
    {
        var result = await schemes.CreateAsync(Caller.From(user), projectId, request, cancellationToken);
        if (result.Error is not null)
        {
            return result.Error.ToProblem();
        }

        response.Headers.ETag = result.Value!.ETag;
        return TypedResults.Created($"/api/v1/marking-schemes/{result.Value.Id}", result.Value);
    }

    private static async Task<Results<Ok<MarkingSchemeResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, MarkingSchemeService schemes, Guid id, HttpResponse response, CancellationToken cancellationToken) =>
        ETags.Ok(await schemes.GetAsync(Caller.From(user), id, cancellationToken), r => r.ETag, response);

    private static async Task<Results<Ok<MarkingSchemeResponse>, ProblemHttpResult>> UpdateAsync(
        ClaimsPrincipal user, MarkingSchemeService schemes, Guid id, UpdateMarkingSchemeRequest request, HttpContext context,
        CancellationToken cancellationToken) =>
        ETags.Ok(await schemes.UpdateAsync(Caller.From(user), id, request, IfMatch(context), cancellationToken), r => r.ETag, context.Response);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        ClaimsPrincipal user, MarkingSchemeService schemes, Guid id, HttpContext context, CancellationToken cancellationToken)
    {
        var error = await schemes.DeleteAsync(Caller.From(user), id, IfMatch(context), cancellationToken);
        return error is null ? TypedResults.NoContent() : error.ToProblem();
    }

    private static async Task<Results<Created<MarkingFieldResponse>, ProblemHttpResult>> AddFieldAsync(
        ClaimsPrincipal user, MarkingSchemeService schemes, Guid id, MarkingFieldRequest request, HttpContext context,
        CancellationToken cancellationToken)
    {
        var result = await schemes.AddFieldAsync(Caller.From(user), id, request, IfMatch(context), cancellationToken);
        if (result.Error is not null)
        {
            return result.Error.ToProblem();
        }

        context.Response.Headers.ETag = result.Value!.ETag;
        return TypedResults.Created($"/api/v1/marking-schemes/{id}/fields/{result.Value.Id}", result.Value);
    }

    private static async Task<Results<Ok<MarkingSchemeResponse>, ProblemHttpResult>> UpdateFieldSettingsAsync(
        ClaimsPrincipal user, MarkingSchemeService schemes, Guid id, FieldSettingsRequest request, HttpContext context,
        CancellationToken cancellationToken) =>
        ETags.Ok(await schemes.UpdateFieldSettingsAsync(Caller.From(user), id, request, IfMatch(context), cancellationToken), r => r.ETag, context.Response);

    private static async Task<Results<Ok<MarkingFieldResponse>, ProblemHttpResult>> GetFieldAsync(
        ClaimsPrincipal user, MarkingSchemeService schemes, Guid id, Guid fieldId, HttpResponse response, CancellationToken cancellationToken) =>
        ETags.Ok(await schemes.GetFieldAsync(Caller.From(user), id, fieldId, cancellationToken), r => r.ETag, response);

    private static async Task<Results<Ok<MarkingFieldResponse>, ProblemHttpResult>> UpdateFieldAsync(
        ClaimsPrincipal user, MarkingSchemeService schemes, Guid id, Guid fieldId, MarkingFieldRequest request, HttpContext context,
        CancellationToken cancellationToken) =>
        ETags.Ok(await schemes.UpdateFieldAsync(Caller.From(user), id, fieldId, request, IfMatch(context), cancellationToken), r => r.ETag, context.Response);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteFieldAsync(
        ClaimsPrincipal user, MarkingSchemeService schemes, Guid id, Guid fieldId, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await schemes.DeleteFieldAsync(Caller.From(user), id, fieldId, IfMatch(context), cancellationToken);
        if (result.Error is not null)
        {
            return result.Error.ToProblem();
        }

        // The scheme's new ETag, so the next field edit can send If-Match without reading the scheme again.
        context.Response.Headers.ETag = result.Value!.ETag;
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<MarkingFieldResponse>, ProblemHttpResult>> SetColumnsAsync(
        ClaimsPrincipal user, MarkingSchemeService schemes, Guid id, Guid fieldId, SetColumnsRequest request, HttpContext context,
        CancellationToken cancellationToken) =>
        ETags.Ok(await schemes.SetColumnsAsync(Caller.From(user), id, fieldId, request, IfMatch(context), cancellationToken), r => r.ETag, context.Response);

    private static Func<Guid, bool> IfMatch(HttpContext context) => stamp => ETags.Matches(context.Request, stamp);
}
