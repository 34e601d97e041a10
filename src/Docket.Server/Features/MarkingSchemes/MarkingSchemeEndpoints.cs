using System.Security.Claims;
using Docket.Contracts.Common;
using Docket.Contracts.MarkingSchemes;
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
        project.MapGet("/", ListAsync).RequireAuthorization(view)
            .WithName("ListMarkingSchemes")
            .WithSummary("List a project's marking schemes")
            .WithDescription("A page of the project's marking schemes in creation order; search filters by name.")
            .ProblemWhen(400, "limit or cursor is invalid (see errors)")
            .ProblemWhen(404, "no project with that id is visible to the caller");
        project.MapPost("/", CreateAsync).RequireAuthorization(Policies.Right(ObjectKind.MarkingScheme, Rights.Create))
            .WithName("CreateMarkingScheme")
            .WithSummary("Create a marking scheme")
            .WithDescription("Makes a marking scheme in the project, with its fields, and answers it with its ETag.")
            .ProblemWhen(400, "a field is invalid (see errors)")
            .ProblemWhen(404, "no project with that id is visible to the caller")
            .ProblemWhen(409, "a marking scheme of that name already exists in the project");

        var group = app.MapGroup("/api/v1/marking-schemes").WithTags("Marking schemes");
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(view)
            .WithName("GetMarkingScheme")
            .WithSummary("Get a marking scheme")
            .WithDescription("One marking scheme with its fields, and its ETag for a later If-Match (field changes use it too).")
            .ProblemWhen(404, "no marking scheme with that id is visible to the caller");
        group.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(edit)
            .WithName("UpdateMarkingScheme")
            .WithSummary("Update a marking scheme")
            .WithDescription("Renames or describes a marking scheme. Send If-Match with its ETag to refuse a lost update.")
            .ProblemWhen(400, "a field is invalid (see errors)")
            .ProblemWhen(404, "no marking scheme with that id is visible to the caller")
            .ProblemWhen(409, "a marking scheme of that name already exists in the project")
            .ProblemWhen(412, "If-Match does not name the scheme's current ETag");
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Right(ObjectKind.MarkingScheme, Rights.Delete))
            .WithName("DeleteMarkingScheme")
            .WithSummary("Delete a marking scheme")
            .WithDescription("Removes a marking scheme that no marking or dataset uses.")
            .ProblemWhen(404, "no marking scheme with that id is visible to the caller")
            .ProblemWhen(409, "the scheme has markings, or datasets use it")
            .ProblemWhen(412, "If-Match does not name the scheme's current ETag");
        group.MapPost("/{id:guid}/fields", AddFieldAsync).RequireAuthorization(edit)
            .WithName("AddMarkingField")
            .WithSummary("Add a field to a marking scheme")
            .WithDescription("Adds a field; the answer's ETag is the scheme's new one.")
            .ProblemWhen(400, "a field is invalid (see errors)")
            .ProblemWhen(404, "no marking scheme with that id is visible to the caller")
            .ProblemWhen(409, "a field of that name exists, or the scheme has as many fields as it may")
            .ProblemWhen(412, "If-Match does not name the scheme's current ETag");
        group.MapPatch("/{id:guid}/fields", UpdateFieldSettingsAsync).RequireAuthorization(edit)
            .WithName("UpdateMarkingFieldSettings")
            .WithSummary("Change the settings of several fields")
            .WithDescription("Changes the settings (type, language, orientation, multi-line, required, format pattern) of several "
                + "fields of the scheme in one change; what a field's entry leaves out stays as it is.")
            .ProblemWhen(400, "a setting is invalid, or names no field of the scheme or one twice (see errors)")
            .ProblemWhen(404, "no marking scheme with that id is visible to the caller")
            .ProblemWhen(412, "If-Match does not name the scheme's current ETag");
        group.MapGet("/{id:guid}/fields/{fieldId:guid}", GetFieldAsync).RequireAuthorization(view)
            .WithName("GetMarkingField")
            .WithSummary("Get a field of a marking scheme")
            .WithDescription("One field; its ETag is the scheme's.")
            .ProblemWhen(404, "no marking scheme or field with that id is visible to the caller");
        group.MapPut("/{id:guid}/fields/{fieldId:guid}", UpdateFieldAsync).RequireAuthorization(edit)
            .WithName("UpdateMarkingField")
            .WithSummary("Replace a field of a marking scheme")
            .WithDescription("Replaces a field's definition; the answer's ETag is the scheme's new one.")
            .ProblemWhen(400, "a field is invalid (see errors)")
            .ProblemWhen(404, "no marking scheme or field with that id is visible to the caller")
            .ProblemWhen(409, "another field of that name exists in the scheme")
            .ProblemWhen(412, "If-Match does not name the scheme's current ETag");
        group.MapDelete("/{id:guid}/fields/{fieldId:guid}", DeleteFieldAsync).RequireAuthorization(edit)
            .WithName("DeleteMarkingField")
            .WithSummary("Delete a field of a marking scheme")
            .WithDescription("Removes a field no marking uses; the answer's ETag header is the scheme's new one.")
            .ProblemWhen(404, "no marking scheme or field with that id is visible to the caller")
            .ProblemWhen(409, "markings use the field")
            .ProblemWhen(412, "If-Match does not name the scheme's current ETag");
        group.MapPut("/{id:guid}/fields/{fieldId:guid}/columns", SetColumnsAsync).RequireAuthorization(edit)
            .WithName("SetMarkingFieldColumns")
            .WithSummary("Set a table field's columns")
            .WithDescription("Replaces the columns of a Table field; columns that markings fill must be kept (by name).")
            .ProblemWhen(400, "a column is invalid, or the field is not a Table (see errors)")
            .ProblemWhen(404, "no marking scheme or field with that id is visible to the caller")
            .ProblemWhen(409, "markings have cells in a column the change takes away")
            .ProblemWhen(412, "If-Match does not name the scheme's current ETag");
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
