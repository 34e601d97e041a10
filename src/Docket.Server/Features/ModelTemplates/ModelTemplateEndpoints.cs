using System.Security.Claims;
using Docket.Contracts.Common;
using Docket.Contracts.ModelTemplates;
using Docket.Server.Common;
using Docket.Server.Security;
using Docket.Server.Storage.Packages;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.ModelTemplates;

/// <summary><c>/api/v1/model-templates</c>: templates and their package.</summary>
public static class ModelTemplateEndpoints
{
    public static IEndpointRouteBuilder MapModelTemplateEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/model-templates").WithTags("ModelTemplates");
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Right(ObjectKind.ModelTemplate, Rights.View))
            .WithName("ListModelTemplates")
            .WithSummary("List model templates")
            .WithDescription("A page of the caller's tenant's model templates in creation order, of one model type with modelTypeId; the Administrator sees "
                + "every tenant's, or one tenant's with tenantId. Follow next as cursor for the next page.")
            .ProblemWhen(400, "limit or cursor is out of range (see errors)");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Right(ObjectKind.ModelTemplate, Rights.Create))
            .WithName("CreateModelTemplate")
            .WithSummary("Create a model template")
            .WithDescription("Makes a model template of a model type in the caller's tenant (the Administrator may name another with tenantId); "
                + "upload its package with UploadModelTemplatePackage.")
            .ProblemWhen(400, "a field is invalid (see errors), or tenantId or modelTypeId names nothing of the tenant")
            .ProblemWhen(409, "a model template of that name already exists in the tenant");
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Right(ObjectKind.ModelTemplate, Rights.View))
            .WithName("GetModelTemplate")
            .WithSummary("Get a model template")
            .WithDescription("One model template with its package's size and SHA-256, and its ETag for a later If-Match.")
            .ProblemWhen(404, "no model template with that id is visible to the caller");
        group.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Right(ObjectKind.ModelTemplate, Rights.Edit))
            .WithName("UpdateModelTemplate")
            .WithSummary("Update a model template")
            .WithDescription("Renames or describes a model template, or gives it another model type. Send If-Match with its ETag to refuse a lost update.")
            .ProblemWhen(400, "a field is invalid (see errors), or modelTypeId names no model type of the tenant")
            .ProblemWhen(404, "no model template with that id is visible to the caller")
            .ProblemWhen(409, "a model template of that name already exists in the tenant")
            .ProblemWhen(412, "If-Match does not name the model template's current ETag");
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Right(ObjectKind.ModelTemplate, Rights.Delete))
            .WithName("DeleteModelTemplate")
            .WithSummary("Delete a model template")
            .WithDescription("Removes a model template and its package. Send If-Match with its ETag to refuse removing a version you have not seen.")
            .ProblemWhen(404, "no model template with that id is visible to the caller")
            .ProblemWhen(409, "training templates still start from it")
            .ProblemWhen(412, "If-Match does not name the model template's current ETag");
        group.MapPut("/{id:guid}/package", UploadPackageAsync).RequireAuthorization(Policies.Right(ObjectKind.ModelTemplate, Rights.Edit))
            .AcceptsPackage()
            .WithName("UploadModelTemplatePackage")
            .Produces<ModelTemplateResponse>(StatusCodes.Status200OK)
            .WithSummary("Upload a model template's package")
            .WithDescription("Sets the template's package: a zip sent as the whole body. The zip is checked whole before it is kept (paths that climb out, "
                + "links, decompression bombs, broken entries are refused); the answer gives its size and SHA-256. Replaces an earlier package. "
                + "Send If-Match with the template's ETag to refuse a lost update.")
            .ProblemWhen(400, "the upload is empty")
            .ProblemWhen(404, "no model template with that id is visible to the caller")
            .ProblemWhen(412, "If-Match does not name the model template's current ETag")
            .ProblemWhen(413, "the package is larger than ModelPackages:MaxUploadBytes")
            .ProblemWhen(415, "the body's Content-Type is not application/zip or application/octet-stream")
            .ProblemWhen(422, "the package is not a zip the server accepts; the detail says why");
        group.MapGet("/{id:guid}/package", DownloadPackageAsync).RequireAuthorization(Policies.Right(ObjectKind.ModelTemplate, Rights.View))
            .WithName("DownloadModelTemplatePackage")
            .WithSummary("Download a model template's package")
            .WithDescription("The template's zip, with its SHA-256 as the ETag; ranges are served, so a broken download can resume.")
            .Produces<Stream>(StatusCodes.Status200OK, "application/zip")
            .ProblemWhen(404, "no model template with that id is visible to the caller, or it has no package yet");
        return app;
    }

    private static async Task<Results<Ok<Page<ModelTemplateResponse>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, ModelTemplateService templates, Guid? tenantId, Guid? modelTypeId, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var result = await templates.ListAsync(Caller.From(user), tenantId, modelTypeId, cursor, limit, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<ModelTemplateResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, ModelTemplateService templates, Guid id, HttpResponse response, CancellationToken cancellationToken)
    {
        var result = await templates.GetAsync(Caller.From(user), id, cancellationToken);
        return ETags.Ok(result, r => r.ETag, response);
    }

    private static async Task<Results<Created<ModelTemplateResponse>, ProblemHttpResult>> CreateAsync(
        ClaimsPrincipal user, ModelTemplateService templates, ModelTemplateRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var result = await templates.CreateAsync(Caller.From(user), request, cancellationToken);
        if (result.Error is not null)
        {
            return result.Error.ToProblem();
        }

        response.Headers.ETag = result.Value!.ETag;
        return TypedResults.Created($"/api/v1/model-templates/{result.Value.Id}", result.Value);
    }

    private static async Task<Results<Ok<ModelTemplateResponse>, ProblemHttpResult>> UpdateAsync(
        ClaimsPrincipal user, ModelTemplateService templates, Guid id, ModelTemplateRequest request, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await templates.UpdateAsync(Caller.From(user), id, request, stamp => ETags.Matches(context.Request, stamp), cancellationToken);
        return ETags.Ok(result, r => r.ETag, context.Response);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        ClaimsPrincipal user, ModelTemplateService templates, Guid id, HttpContext context, CancellationToken cancellationToken)
    {
        var error = await templates.DeleteAsync(Caller.From(user), id, stamp => ETags.Matches(context.Request, stamp), cancellationToken);
        return error is null ? TypedResults.NoContent() : error.ToProblem();
    }

    private static async Task<IResult> UploadPackageAsync(
        ClaimsPrincipal user, ModelTemplateService templates, IOptions<ModelPackageOptions> options, Guid id, HttpContext context, CancellationToken cancellationToken)
    {
        if (ModelPackageUploads.Refuse(context, options.Value.MaxUploadBytes) is { } refused)
        {
            return refused;
        }

        var result = await templates.UploadPackageAsync(Caller.From(user), id, context.Request.Body, stamp => ETags.Matches(context.Request, stamp), cancellationToken);
        return ETags.Ok(result, r => r.ETag, context.Response);
    }

    private static async Task<IResult> DownloadPackageAsync(ClaimsPrincipal user, ModelTemplateService templates, Guid id, CancellationToken cancellationToken)
    {
        var result = await templates.OpenPackageAsync(Caller.From(user), id, cancellationToken);
        return result.Error is not null
            ? result.Error.ToProblem()
            : ModelPackageUploads.Download(result.Value.Content, result.Value.Sha256, result.Value.Name);
    }
}
