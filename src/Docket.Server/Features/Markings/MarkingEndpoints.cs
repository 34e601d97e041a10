using System.Security.Claims;
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
        images.MapGet("/", ListForImageAsync).RequireAuthorization(view);
        images.MapGet("/{schemeId:guid}", GetAsync).RequireAuthorization(view);
        images.MapPut("/{schemeId:guid}", PutAsync).RequireAuthorization(Policies.Right(ObjectKind.Marking, Rights.Edit));
        images.MapDelete("/{schemeId:guid}", DeleteAsync).RequireAuthorization(Policies.Right(ObjectKind.Marking, Rights.Delete));
        app.MapGet("/api/v1/marking-schemes/{schemeId:guid}/markings", ListForSchemeAsync).WithTags("Markings").RequireAuthorization(view);
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
