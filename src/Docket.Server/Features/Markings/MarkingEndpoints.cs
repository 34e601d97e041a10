using System.Security.Claims;
using Docket.Contracts.Common;
using Docket.Contracts.Markings;
using Docket.Server.Common;
using Docket.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Docket.Server.Features.Markings;

/// <summary>
/// <c>/api/v1/images/{imageId}/markings</c> and <c>/api/v1/marking-schemes/{schemeId}/markings</c>. A marking is
/// addressed by its image and scheme; PUT creates or replaces it (Marking Edit: marking an image edits its annotation).
/// </summary>
public static class MarkingEndpoints
{
    public static IEndpointRouteBuilder MapMarkingEndpoints(this IEndpointRouteBuilder app)
    {
        var view = Policies.Right(ObjectKind.Marking, Rights.View);
        var images = app.MapGroup("/api/v1/images/{imageId:guid}/markings").WithTags("Markings");
        images.MapGet("/", ListForImageAsync).RequireAuthorization(view)
            .WithName("ListImageMarkings")
            .WithSummary("List an image's markings")
            .WithDescription("Every marking of the image, one per marking scheme that marks it.")
            .ProblemWhen(404, "no image with that id is visible to the caller");
        images.MapGet("/{schemeId:guid}", GetAsync).RequireAuthorization(view)
            .WithName("GetMarking")
            .WithSummary("Get a marking")
            .WithDescription("The image's marking under one scheme, with its ETag for a later If-Match.")
            .ProblemWhen(404, "the image or scheme is not visible to the caller, or the image has no marking under the scheme");
        images.MapPut("/{schemeId:guid}", PutAsync).RequireAuthorization(Policies.Right(ObjectKind.Marking, Rights.Edit))
            .WithName("PutMarking")
            .WithSummary("Create or replace a marking")
            .WithDescription("Marks the image under the scheme: 201 when the marking is new, 200 when it replaced one. "
                + "Send If-Match with the marking's ETag to refuse a lost update (it fails where there is no marking yet).")
            .ProblemWhen(400, "a value does not fit the scheme's fields, or the scheme is of another project (see errors)")
            .ProblemWhen(404, "no image or scheme with that id is visible to the caller")
            .ProblemWhen(409, "the image was marked under the scheme at the same time")
            .ProblemWhen(412, "If-Match does not name the marking's current ETag");
        images.MapDelete("/{schemeId:guid}", DeleteAsync).RequireAuthorization(Policies.Right(ObjectKind.Marking, Rights.Delete))
            .WithName("DeleteMarking")
            .WithSummary("Delete a marking")
            .WithDescription("Removes the image's marking under the scheme.")
            .ProblemWhen(404, "the image or scheme is not visible to the caller, or the image has no marking under the scheme")
            .ProblemWhen(412, "If-Match does not name the marking's current ETag");
        app.MapGet("/api/v1/marking-schemes/{schemeId:guid}/markings", ListForSchemeAsync).WithTags("Markings").RequireAuthorization(view)
            .WithName("ListSchemeMarkings")
            .WithSummary("List a marking scheme's markings")
            .WithDescription("A page of the markings made under the scheme, across its project's images.")
            .ProblemWhen(400, "limit or cursor is invalid (see errors)")
            .ProblemWhen(404, "no marking scheme with that id is visible to the caller");
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<MarkingResponse>>, ProblemHttpResult>> ListForImageAsync(
        ClaimsPrincipal user, MarkingService markings, Guid imageId, CancellationToken cancellationToken)
    {
        var result = await markings.ListForImageAsync(Caller.From(user), imageId, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<Page<MarkingResponse>>, ProblemHttpResult>> ListForSchemeAsync(
        ClaimsPrincipal user, MarkingService markings, Guid schemeId, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var result = await markings.ListForSchemeAsync(Caller.From(user), schemeId, cursor, limit, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<MarkingResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, MarkingService markings, Guid imageId, Guid schemeId, HttpResponse response, CancellationToken cancellationToken)
    {
        var result = await markings.GetAsync(Caller.From(user), imageId, schemeId, cancellationToken);
        if (result.Error is not null)
        {
            return result.Error.ToProblem();
        }

        response.Headers.ETag = result.Value!.ETag;
        return TypedResults.Ok(result.Value);
    }

    private static async Task<Results<Created<MarkingResponse>, Ok<MarkingResponse>, ProblemHttpResult>> PutAsync(
        ClaimsPrincipal user, MarkingService markings, Guid imageId, Guid schemeId, MarkingRequest request, HttpContext context,
        CancellationToken cancellationToken)
    {
        var result = await markings.PutAsync(Caller.From(user), imageId, schemeId, request, stamp => IfMatch(context.Request, stamp), cancellationToken);
        if (result.Error is not null)
        {
            return result.Error.ToProblem();
        }

        var marking = result.Value!.Marking;
        context.Response.Headers.ETag = marking.ETag;
        return result.Value.Created
            ? TypedResults.Created($"/api/v1/images/{imageId}/markings/{schemeId}", marking)
            : TypedResults.Ok(marking);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        ClaimsPrincipal user, MarkingService markings, Guid imageId, Guid schemeId, HttpContext context, CancellationToken cancellationToken)
    {
        var error = await markings.DeleteAsync(Caller.From(user), imageId, schemeId, stamp => ETags.Matches(context.Request, stamp), cancellationToken);
        return error is null ? TypedResults.NoContent() : error.ToProblem();
    }

    /// <summary>If-Match is optional; when sent it must name the current marking, so it fails where there is none yet.</summary>
    private static bool IfMatch(HttpRequest request, Guid? stamp) =>
        stamp is { } current ? ETags.Matches(request, current) : request.Headers.IfMatch.Count == 0;
}
