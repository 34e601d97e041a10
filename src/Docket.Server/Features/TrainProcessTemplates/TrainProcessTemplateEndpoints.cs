using System.Security.Claims;
using Docket.Contracts.Common;
using Docket.Contracts.TrainProcessTemplates;
using Docket.Server.Common;
using Docket.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Docket.Server.Features.TrainProcessTemplates;

/// <summary><c>/api/v1/train-process-templates</c>: training recipes.</summary>
public static class TrainProcessTemplateEndpoints
{
    public static IEndpointRouteBuilder MapTrainProcessTemplateEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/train-process-templates").WithTags("TrainProcessTemplates");
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Right(ObjectKind.TrainProcessTemplate, Rights.View))
            .WithName("ListTrainProcessTemplates")
            .WithSummary("List training templates")
            .WithDescription("A page of the caller's tenant's training templates in creation order, of one model type with modelTypeId; the "
                + "Administrator sees every tenant's, or one tenant's with tenantId. Follow next as cursor for the next page.")
            .ProblemWhen(400, "limit or cursor is out of range (see errors)");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Right(ObjectKind.TrainProcessTemplate, Rights.Create))
            .WithName("CreateTrainProcessTemplate")
            .WithSummary("Create a training template")
            .WithDescription("Makes a training recipe in the caller's tenant (the Administrator may name another with tenantId): the model type, the "
                + "model template of that type it starts from, the image extensions it takes, augmentation, workers, batch size, iterations, "
                + "learning rate, device, and the longest a run may take.")
            .ProblemWhen(400, "a field is out of range (see errors), or a reference names nothing of the tenant")
            .ProblemWhen(409, "a training template of that name already exists in the tenant");
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Right(ObjectKind.TrainProcessTemplate, Rights.View))
            .WithName("GetTrainProcessTemplate")
            .WithSummary("Get a training template")
            .WithDescription("One training template, with its ETag for a later If-Match.")
            .ProblemWhen(404, "no training template with that id is visible to the caller");
        group.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Right(ObjectKind.TrainProcessTemplate, Rights.Edit))
            .WithName("UpdateTrainProcessTemplate")
            .WithSummary("Update a training template")
            .WithDescription("Replaces the recipe. Send If-Match with its ETag to refuse a lost update.")
            .ProblemWhen(400, "a field is out of range (see errors), or a reference names nothing of the tenant")
            .ProblemWhen(404, "no training template with that id is visible to the caller")
            .ProblemWhen(409, "a training template of that name already exists in the tenant")
            .ProblemWhen(412, "If-Match does not name the training template's current ETag");
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Right(ObjectKind.TrainProcessTemplate, Rights.Delete))
            .WithName("DeleteTrainProcessTemplate")
            .WithSummary("Delete a training template")
            .WithDescription("Removes a training template. Send If-Match with its ETag to refuse removing a version you have not seen.")
            .ProblemWhen(404, "no training template with that id is visible to the caller")
            .ProblemWhen(412, "If-Match does not name the training template's current ETag");
        return app;
    }

    private static async Task<Results<Ok<Page<TrainProcessTemplateResponse>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, TrainProcessTemplateService templates, Guid? tenantId, Guid? modelTypeId, string? cursor, int? limit,
        CancellationToken cancellationToken)
    {
        var result = await templates.ListAsync(Caller.From(user), tenantId, modelTypeId, cursor, limit, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<TrainProcessTemplateResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, TrainProcessTemplateService templates, Guid id, HttpResponse response, CancellationToken cancellationToken) =>
        ETags.Ok(await templates.GetAsync(Caller.From(user), id, cancellationToken), r => r.ETag, response);

    private static async Task<Results<Created<TrainProcessTemplateResponse>, ProblemHttpResult>> CreateAsync(
        ClaimsPrincipal user, TrainProcessTemplateService templates, TrainProcessTemplateRequest request, HttpResponse response,
        CancellationToken cancellationToken)
    {
        var result = await templates.CreateAsync(Caller.From(user), request, cancellationToken);
        if (result.Error is not null)
        {
            return result.Error.ToProblem();
        }

        response.Headers.ETag = result.Value!.ETag;
        return TypedResults.Created($"/api/v1/train-process-templates/{result.Value.Id}", result.Value);
    }

    private static async Task<Results<Ok<TrainProcessTemplateResponse>, ProblemHttpResult>> UpdateAsync(
        ClaimsPrincipal user, TrainProcessTemplateService templates, Guid id, TrainProcessTemplateRequest request, HttpContext context,
        CancellationToken cancellationToken) =>
        ETags.Ok(await templates.UpdateAsync(Caller.From(user), id, request, stamp => ETags.Matches(context.Request, stamp), cancellationToken),
            r => r.ETag, context.Response);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        ClaimsPrincipal user, TrainProcessTemplateService templates, Guid id, HttpContext context, CancellationToken cancellationToken)
    {
        var error = await templates.DeleteAsync(Caller.From(user), id, stamp => ETags.Matches(context.Request, stamp), cancellationToken);
        return error is null ? TypedResults.NoContent() : error.ToProblem();
    }
}
