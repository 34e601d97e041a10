using System.Security.Claims;
using Docket.Contracts.Common;
using Docket.Contracts.InferenceProcessTemplates;
using Docket.Server.Common;
using Docket.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Docket.Server.Features.InferenceProcessTemplates;

/// <summary><c>/api/v1/inference-process-templates</c>: how inference processes serve.</summary>
public static class InferenceProcessTemplateEndpoints
{
    public static IEndpointRouteBuilder MapInferenceProcessTemplateEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/inference-process-templates").WithTags("InferenceProcessTemplates");
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Right(ObjectKind.InferenceProcessTemplate, Rights.View))
            .WithName("ListInferenceProcessTemplates")
            .WithSummary("List inference templates")
            .WithDescription("A page of the caller's tenant's inference templates in creation order, of one model with modelId; the "
                + "Administrator sees every tenant's, or one tenant's with tenantId. Follow next as cursor for the next page.")
            .ProblemWhen(400, "limit or cursor is out of range (see errors)");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Right(ObjectKind.InferenceProcessTemplate, Rights.Create))
            .WithName("CreateInferenceProcessTemplate")
            .WithSummary("Create an inference template")
            .WithDescription("Makes an inference template in the caller's tenant (the Administrator may name another with tenantId): the model "
                + "and exactly one of its version number (pinned) or a tag (followed: resolved when a process is launched), the marking scheme it "
                + "fills in, the page extensions it takes (.png .jpg .jpeg .tif .tiff .pdf), and orientation detection, line removal and "
                + "table-header parsing.")
            .ProblemWhen(400, "a field is out of range (see errors), or a reference names nothing of the tenant")
            .ProblemWhen(409, "an inference template of that name already exists in the tenant");
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Right(ObjectKind.InferenceProcessTemplate, Rights.View))
            .WithName("GetInferenceProcessTemplate")
            .WithSummary("Get an inference template")
            .WithDescription("One inference template, with its ETag for a later If-Match.")
            .ProblemWhen(404, "no inference template with that id is visible to the caller");
        group.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Right(ObjectKind.InferenceProcessTemplate, Rights.Edit))
            .WithName("UpdateInferenceProcessTemplate")
            .WithSummary("Update an inference template")
            .WithDescription("Replaces the template. Send If-Match with its ETag to refuse a lost update.")
            .ProblemWhen(400, "a field is out of range (see errors), or a reference names nothing of the tenant")
            .ProblemWhen(404, "no inference template with that id is visible to the caller")
            .ProblemWhen(409, "an inference template of that name already exists in the tenant")
            .ProblemWhen(412, "If-Match does not name the inference template's current ETag");
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Right(ObjectKind.InferenceProcessTemplate, Rights.Delete))
            .WithName("DeleteInferenceProcessTemplate")
            .WithSummary("Delete an inference template")
            .WithDescription("Removes an inference template. Send If-Match with its ETag to refuse removing a version you have not seen.")
            .ProblemWhen(404, "no inference template with that id is visible to the caller")
            .ProblemWhen(412, "If-Match does not name the inference template's current ETag");
        return app;
    }

    private static async Task<Results<Ok<Page<InferenceProcessTemplateResponse>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, InferenceProcessTemplateService templates, Guid? tenantId, Guid? modelId, string? cursor, int? limit,
        CancellationToken cancellationToken)
    {
        var result = await templates.ListAsync(Caller.From(user), tenantId, modelId, cursor, limit, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<InferenceProcessTemplateResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, InferenceProcessTemplateService templates, Guid id, HttpResponse response, CancellationToken cancellationToken) =>
        ETags.Ok(await templates.GetAsync(Caller.From(user), id, cancellationToken), r => r.ETag, response);

    private static async Task<Results<Created<InferenceProcessTemplateResponse>, ProblemHttpResult>> CreateAsync(
        ClaimsPrincipal user, InferenceProcessTemplateService templates, InferenceProcessTemplateRequest request, HttpResponse response,
        CancellationToken cancellationToken)
    {
        var result = await templates.CreateAsync(Caller.From(user), request, cancellationToken);
        if (result.Error is not null)
        {
            return result.Error.ToProblem();
        }

        response.Headers.ETag = result.Value!.ETag;
        return TypedResults.Created($"/api/v1/inference-process-templates/{result.Value.Id}", result.Value);
    }

    private static async Task<Results<Ok<InferenceProcessTemplateResponse>, ProblemHttpResult>> UpdateAsync(
        ClaimsPrincipal user, InferenceProcessTemplateService templates, Guid id, InferenceProcessTemplateRequest request, HttpContext context,
        CancellationToken cancellationToken) =>
        ETags.Ok(await templates.UpdateAsync(Caller.From(user), id, request, stamp => ETags.Matches(context.Request, stamp), cancellationToken),
            r => r.ETag, context.Response);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        ClaimsPrincipal user, InferenceProcessTemplateService templates, Guid id, HttpContext context, CancellationToken cancellationToken)
    {
        var error = await templates.DeleteAsync(Caller.From(user), id, stamp => ETags.Matches(context.Request, stamp), cancellationToken);
        return error is null ? TypedResults.NoContent() : error.ToProblem();
    }
}
