using System.Security.Claims;
using Docket.Server.Common;
using Docket.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Docket.Server.Export;

/// <summary><c>/api/v1/export</c>: subscriptions (View to read, Manage to change) and the published envelope schema.</summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/export").WithTags("Export");
        var view = Policies.Right(ObjectKind.ExportSubscription, Rights.View);
        var manage = Policies.Right(ObjectKind.ExportSubscription, Rights.Manage);
        group.MapGet("/subscriptions", ListAsync).RequireAuthorization(view);
        group.MapPost("/subscriptions", CreateAsync).RequireAuthorization(manage);
        group.MapGet("/subscriptions/{id:guid}", GetAsync).RequireAuthorization(view);
        group.MapPut("/subscriptions/{id:guid}", UpdateAsync).RequireAuthorization(manage);
        group.MapDelete("/subscriptions/{id:guid}", DeleteAsync).RequireAuthorization(manage);
        group.MapPost("/subscriptions/{id:guid}/pause", PauseAsync).RequireAuthorization(manage);
        group.MapPost("/subscriptions/{id:guid}/resume", ResumeAsync).RequireAuthorization(manage);
        group.MapPost("/subscriptions/{id:guid}/replay", ReplayAsync).RequireAuthorization(manage);
        group.MapGet("/schema", Schema).RequireAuthorization(Policies.Authenticated);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<ExportSubscriptionResponse>>> ListAsync(ClaimsPrincipal user, ExportSubscriptionService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.ListAsync(Caller.From(user), cancellationToken));

    private static async Task<Results<Ok<ExportSubscriptionResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, ExportSubscriptionService service, Guid id, CancellationToken cancellationToken) =>
        Answer(await service.GetAsync(Caller.From(user), id, cancellationToken));

    private static async Task<Results<Created<ExportSubscriptionResponse>, ProblemHttpResult>> CreateAsync(
        ClaimsPrincipal user, ExportSubscriptionService service, ExportSubscriptionRequest request, CancellationToken cancellationToken)
    {
        var result = await service.CreateAsync(Caller.From(user), request, cancellationToken);
        return result.Error is null
            ? TypedResults.Created($"/api/v1/export/subscriptions/{result.Value!.Id}", result.Value)
            : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<ExportSubscriptionResponse>, ProblemHttpResult>> UpdateAsync(
        ClaimsPrincipal user, ExportSubscriptionService service, Guid id, ExportSubscriptionRequest request, HttpRequest http, CancellationToken cancellationToken) =>
        Answer(await service.UpdateAsync(Caller.From(user), id, request, stamp => ETags.Matches(http, stamp), cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        ClaimsPrincipal user, ExportSubscriptionService service, Guid id, CancellationToken cancellationToken)
    {
        var error = await service.DeleteAsync(Caller.From(user), id, cancellationToken);
        return error is null ? TypedResults.NoContent() : error.ToProblem();
    }

    private static async Task<Results<Ok<ExportSubscriptionResponse>, ProblemHttpResult>> PauseAsync(
        ClaimsPrincipal user, ExportSubscriptionService service, Guid id, CancellationToken cancellationToken) =>
        Answer(await service.PauseAsync(Caller.From(user), id, pause: true, cancellationToken));

    private static async Task<Results<Ok<ExportSubscriptionResponse>, ProblemHttpResult>> ResumeAsync(
        ClaimsPrincipal user, ExportSubscriptionService service, Guid id, CancellationToken cancellationToken) =>
        Answer(await service.PauseAsync(Caller.From(user), id, pause: false, cancellationToken));

    private static async Task<Results<Ok<ExportSubscriptionResponse>, ProblemHttpResult>> ReplayAsync(
        ClaimsPrincipal user, ExportSubscriptionService service, Guid id, ReplayRequest request, CancellationToken cancellationToken) =>
        Answer(await service.ReplayAsync(Caller.From(user), id, request, cancellationToken));

    private static ContentHttpResult Schema() =>
        TypedResults.Content(ExportSchema.Render(), "application/schema+json");

    private static Results<Ok<ExportSubscriptionResponse>, ProblemHttpResult> Answer(Result<ExportSubscriptionResponse> result) =>
        result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
}
