using System.Security.Claims;
using Docket.Contracts.Export;
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
        group.MapGet("/subscriptions", ListAsync).RequireAuthorization(view)
            .WithName("ListExportSubscriptions")
            .WithSummary("List export subscriptions")
            .WithDescription("The caller's tenant's export subscriptions (every tenant's for the Administrator), with their delivery state; secrets are never shown.");
        group.MapPost("/subscriptions", CreateAsync).RequireAuthorization(manage)
            .WithName("CreateExportSubscription")
            .WithSummary("Create an export subscription")
            .WithDescription("Starts delivering the journal records a filter selects to a destination (file, syslog, Splunk HEC, webhook), "
                + "from the journal's head onwards.")
            .ProblemWhen(400, "a field is invalid or the destination is not allowed (see errors)")
            .ProblemWhen(409, "a subscription of that name exists, or another one already writes the same files");
        group.MapGet("/subscriptions/{id:guid}", GetAsync).RequireAuthorization(view)
            .WithName("GetExportSubscription")
            .WithSummary("Get an export subscription")
            .WithDescription("One subscription with its delivery state: position, lag, last error.")
            .ProblemWhen(404, "no subscription with that id is visible to the caller");
        group.MapPut("/subscriptions/{id:guid}", UpdateAsync).RequireAuthorization(manage)
            .WithName("UpdateExportSubscription")
            .WithSummary("Update an export subscription")
            .WithDescription("Replaces a subscription's filter and destination; secrets left out are kept when the destination kind stays. "
                + "Send If-Match with its ETag to refuse a lost update.")
            .ProblemWhen(400, "a field is invalid or the destination is not allowed (see errors)")
            .ProblemWhen(404, "no subscription with that id is visible to the caller")
            .ProblemWhen(409, "a subscription of that name exists, or another one already writes the same files")
            .ProblemWhen(412, "If-Match does not name the subscription's current ETag");
        group.MapDelete("/subscriptions/{id:guid}", DeleteAsync).RequireAuthorization(manage)
            .WithName("DeleteExportSubscription")
            .WithSummary("Delete an export subscription")
            .WithDescription("Stops and removes a subscription; what it delivered stays where it went.")
            .ProblemWhen(404, "no subscription with that id is visible to the caller");
        group.MapPost("/subscriptions/{id:guid}/pause", PauseAsync).RequireAuthorization(manage)
            .WithName("PauseExportSubscription")
            .WithSummary("Pause an export subscription")
            .WithDescription("Stops delivery; the subscription keeps its position and catches up once resumed.")
            .ProblemWhen(404, "no subscription with that id is visible to the caller");
        group.MapPost("/subscriptions/{id:guid}/resume", ResumeAsync).RequireAuthorization(manage)
            .WithName("ResumeExportSubscription")
            .WithSummary("Resume an export subscription")
            .WithDescription("Restarts delivery from where the subscription stopped.")
            .ProblemWhen(404, "no subscription with that id is visible to the caller");
        group.MapPost("/subscriptions/{id:guid}/replay", ReplayAsync).RequireAuthorization(manage)
            .WithName("ReplayExportSubscription")
            .WithSummary("Replay an export subscription")
            .WithDescription("Moves the subscription back (or forward) to a sequence number or a time, so records are delivered again from there.")
            .ProblemWhen(400, "neither or both of fromSequence and fromTime are given (see errors)")
            .ProblemWhen(404, "no subscription with that id is visible to the caller");
        group.MapGet("/schema", Schema).RequireAuthorization(Policies.Authenticated)
            .WithName("GetExportSchema")
            .WithSummary("Get the export envelope's JSON Schema")
            .WithDescription("The JSON Schema of the envelope every destination receives for each journal record.")
            .Produces<string>(StatusCodes.Status200OK, "application/schema+json");
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
