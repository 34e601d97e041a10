using System.Security.Claims;
using System.Text.Json;
using Docket.Contracts.Common;
using Docket.Contracts.Models;
using Docket.Server.Common;
using Docket.Server.Features.ModelTemplates;
using Docket.Server.Security;
using Docket.Server.Storage.Packages;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Models;

/// <summary><c>/api/v1/models</c>: models, their versions and packages, and their tags.</summary>
public static class ModelEndpoints
{
    public static IEndpointRouteBuilder MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/models").WithTags("Models");
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Right(ObjectKind.Model, Rights.View))
            .WithName("ListModels")
            .WithSummary("List models")
            .WithDescription("A page of the caller's tenant's models in creation order, of one model type with modelTypeId; the Administrator sees "
                + "every tenant's, or one tenant's with tenantId. Follow next as cursor for the next page.")
            .ProblemWhen(400, "limit or cursor is out of range (see errors)");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Right(ObjectKind.Model, Rights.Create))
            .WithName("CreateModel")
            .WithSummary("Create a model")
            .WithDescription("Makes a model of a model type in the caller's tenant (the Administrator may name another with tenantId); "
                + "add its versions with UploadModelVersion.")
            .ProblemWhen(400, "a field is invalid (see errors), or tenantId or modelTypeId names nothing of the tenant")
            .ProblemWhen(409, "a model of that name already exists in the tenant");
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Right(ObjectKind.Model, Rights.View))
            .WithName("GetModel")
            .WithSummary("Get a model")
            .WithDescription("One model with its tags and latest version number, and its ETag for a later If-Match.")
            .ProblemWhen(404, "no model with that id is visible to the caller");
        group.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Right(ObjectKind.Model, Rights.Edit))
            .WithName("UpdateModel")
            .WithSummary("Update a model")
            .WithDescription("Renames or describes a model; its model type stays. Send If-Match with its ETag to refuse a lost update.")
            .ProblemWhen(400, "a field is invalid (see errors), or the model type would change")
            .ProblemWhen(404, "no model with that id is visible to the caller")
            .ProblemWhen(409, "a model of that name already exists in the tenant, or the model changed at the same moment")
            .ProblemWhen(412, "If-Match does not name the model's current ETag");
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Right(ObjectKind.Model, Rights.Delete))
            .WithName("DeleteModel")
            .WithSummary("Delete a model")
            .WithDescription("Removes a model with its versions and tags. Send If-Match with its ETag to refuse removing a version you have not seen.")
            .ProblemWhen(404, "no model with that id is visible to the caller")
            .ProblemWhen(412, "If-Match does not name the model's current ETag");

        group.MapGet("/{id:guid}/versions", ListVersionsAsync).RequireAuthorization(Policies.Right(ObjectKind.Model, Rights.View))
            .WithName("ListModelVersions")
            .WithSummary("List a model's versions")
            .WithDescription("Every version of the model by number, each with its package's size and SHA-256, its tags and what made it.")
            .ProblemWhen(404, "no model with that id is visible to the caller");
        group.MapPost("/{id:guid}/versions", UploadVersionAsync).RequireAuthorization(Policies.Right(ObjectKind.Model, Rights.Edit))
            .AcceptsPackage()
            .WithName("UploadModelVersion")
            .WithSummary("Upload a model version")
            .WithDescription("Adds the next version from a zip sent as the whole body, checked whole before it is kept (paths that climb out, links, "
                + "decompression bombs, broken entries are refused). What made it is optional, in the query: modelTemplateId, dataSetId with "
                + "dataSetVersion, trainProcessTemplateId, metrics (a JSON object of numbers) and description. Send If-Match with the model's "
                + "ETag to refuse a lost update.")
            .Produces<ModelVersionResponse>(StatusCodes.Status201Created)
            .ProblemWhen(400, "the upload is empty, or what made it is invalid or names nothing of the tenant (see errors)")
            .ProblemWhen(404, "no model with that id is visible to the caller")
            .ProblemWhen(409, "the model changed at the same moment (another version or tag); upload again")
            .ProblemWhen(412, "If-Match does not name the model's current ETag")
            .ProblemWhen(413, "the package is larger than ModelPackages:MaxUploadBytes")
            .ProblemWhen(415, "the body's Content-Type is not application/zip or application/octet-stream")
            .ProblemWhen(422, "the package is not a zip the server accepts; the detail says why");
        group.MapGet("/{id:guid}/versions/{number:int}", GetVersionAsync).RequireAuthorization(Policies.Right(ObjectKind.Model, Rights.View))
            .WithName("GetModelVersion")
            .WithSummary("Get a model version")
            .WithDescription("One version of the model by number.")
            .ProblemWhen(404, "no model with that id is visible to the caller, or it has no such version");
        group.MapDelete("/{id:guid}/versions/{number:int}", RemoveVersionAsync).RequireAuthorization(Policies.Right(ObjectKind.Model, Rights.Edit))
            .WithName("DeleteModelVersion")
            .WithSummary("Delete a model version")
            .WithDescription("Removes a version and the tags on it; its number is not given again. Send If-Match with the model's ETag to refuse a lost update.")
            .ProblemWhen(404, "no model with that id is visible to the caller, or it has no such version")
            .ProblemWhen(409, "an inference template pins the version or follows a tag on it (the detail names them), or the model changed at the same moment")
            .ProblemWhen(412, "If-Match does not name the model's current ETag");
        group.MapGet("/{id:guid}/versions/{number:int}/package", DownloadVersionAsync).RequireAuthorization(Policies.Right(ObjectKind.Model, Rights.View))
            .WithName("DownloadModelVersionPackage")
            .WithSummary("Download a model version's package")
            .WithDescription("The version's zip, with its SHA-256 as the ETag; ranges are served, so a broken download can resume. "
                + "Each answer that sends the package or a range of it records 14003 ModelDownloadSuccess; one that cannot (no such version, "
                + "its package missing, a range past its end) records 14004 ModelDownloadError with the reason.")
            .Produces<Stream>(StatusCodes.Status200OK, "application/zip")
            .Produces<Stream>(StatusCodes.Status206PartialContent, "application/zip")
            .ProblemWhen(404, "no model with that id is visible to the caller, it has no such version, or its package is missing");

        group.MapGet("/{id:guid}/tags/{tag}", GetTaggedAsync).RequireAuthorization(Policies.Right(ObjectKind.Model, Rights.View))
            .WithName("GetTaggedModelVersion")
            .WithSummary("Get the version a tag names")
            .WithDescription("The version of the model that the tag (production, staging, ...) names now.")
            .ProblemWhen(404, "no model with that id is visible to the caller, or it has no such tag");
        group.MapPut("/{id:guid}/tags/{tag}", SetTagAsync).RequireAuthorization(Policies.Right(ObjectKind.Model, Rights.Edit))
            .WithName("SetModelTag")
            .WithSummary("Set a model tag")
            .WithDescription("Puts the tag on a version of the model; a tag is unique per model, so a tag on another version moves. "
                + "Send If-Match with the model's ETag to refuse a lost update.")
            .ProblemWhen(400, "the tag is not a valid name, or the model has no such version (see errors)")
            .ProblemWhen(404, "no model with that id is visible to the caller")
            .ProblemWhen(409, "the model changed at the same moment")
            .ProblemWhen(412, "If-Match does not name the model's current ETag");
        group.MapDelete("/{id:guid}/tags/{tag}", RemoveTagAsync).RequireAuthorization(Policies.Right(ObjectKind.Model, Rights.Edit))
            .WithName("DeleteModelTag")
            .WithSummary("Delete a model tag")
            .WithDescription("Takes the tag off the model. Send If-Match with the model's ETag to refuse a lost update.")
            .ProblemWhen(404, "no model with that id is visible to the caller, or it has no such tag")
            .ProblemWhen(409, "an inference template follows the tag (the detail names them), or the model changed at the same moment")
            .ProblemWhen(412, "If-Match does not name the model's current ETag");
        return app;
    }

    private static async Task<Results<Ok<Page<ModelResponse>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, ModelService models, Guid? tenantId, Guid? modelTypeId, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var result = await models.ListAsync(Caller.From(user), tenantId, modelTypeId, cursor, limit, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<ModelResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, ModelService models, Guid id, HttpResponse response, CancellationToken cancellationToken) =>
        ETags.Ok(await models.GetAsync(Caller.From(user), id, cancellationToken), r => r.ETag, response);

    private static async Task<Results<Created<ModelResponse>, ProblemHttpResult>> CreateAsync(
        ClaimsPrincipal user, ModelService models, ModelRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var result = await models.CreateAsync(Caller.From(user), request, cancellationToken);
        if (result.Error is not null)
        {
            return result.Error.ToProblem();
        }

        response.Headers.ETag = result.Value!.ETag;
        return TypedResults.Created($"/api/v1/models/{result.Value.Id}", result.Value);
    }

    private static async Task<Results<Ok<ModelResponse>, ProblemHttpResult>> UpdateAsync(
        ClaimsPrincipal user, ModelService models, Guid id, ModelRequest request, HttpContext context, CancellationToken cancellationToken) =>
        ETags.Ok(await models.UpdateAsync(Caller.From(user), id, request, stamp => ETags.Matches(context.Request, stamp), cancellationToken), r => r.ETag, context.Response);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        ClaimsPrincipal user, ModelService models, Guid id, HttpContext context, CancellationToken cancellationToken)
    {
        var error = await models.DeleteAsync(Caller.From(user), id, stamp => ETags.Matches(context.Request, stamp), cancellationToken);
        return error is null ? TypedResults.NoContent() : error.ToProblem();
    }

    private static async Task<Results<Ok<IReadOnlyList<ModelVersionResponse>>, ProblemHttpResult>> ListVersionsAsync(
        ClaimsPrincipal user, ModelService models, Guid id, CancellationToken cancellationToken)
    {
        var result = await models.ListVersionsAsync(Caller.From(user), id, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static async Task<IResult> UploadVersionAsync(
        ClaimsPrincipal user, ModelService models, IOptions<ModelPackageOptions> options, Guid id,
        Guid? modelTemplateId, Guid? dataSetId, int? dataSetVersion, Guid? trainProcessTemplateId, string? metrics, string? description,
        HttpContext context, CancellationToken cancellationToken)
    {
        if (ModelPackageUploads.Refuse(context, options.Value.MaxUploadBytes) is { } refused)
        {
            return refused;
        }

        Dictionary<string, double>? parsed = null;
        if (metrics is not null)
        {
            try
            {
                parsed = JsonSerializer.Deserialize<Dictionary<string, double>>(metrics)
                    ?? throw new JsonException("null is not an object.");
            }
            catch (JsonException)
            {
                return ApiError.Invalid("metrics", "is not a JSON object of numbers, such as {\"accuracy\": 0.93, \"loss\": 0.21}.").ToProblem();
            }
        }

        var origin = new ModelVersionOrigin
        {
            ModelTemplateId = modelTemplateId,
            DataSetId = dataSetId,
            DataSetVersion = dataSetVersion,
            TrainProcessTemplateId = trainProcessTemplateId,
            Metrics = parsed,
            Description = description,
        };
        var result = await models.AddVersionAsync(Caller.From(user), id, origin, context.Request.Body, stamp => ETags.Matches(context.Request, stamp), cancellationToken);
        return result.Error is not null
            ? result.Error.ToProblem()
            : TypedResults.Created($"/api/v1/models/{id}/versions/{result.Value!.Number}", result.Value);
    }

    private static async Task<Results<Ok<ModelVersionResponse>, ProblemHttpResult>> GetVersionAsync(
        ClaimsPrincipal user, ModelService models, Guid id, int number, CancellationToken cancellationToken)
    {
        var result = await models.GetVersionAsync(Caller.From(user), id, number, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveVersionAsync(
        ClaimsPrincipal user, ModelService models, Guid id, int number, HttpContext context, CancellationToken cancellationToken)
    {
        var error = await models.RemoveVersionAsync(Caller.From(user), id, number, stamp => ETags.Matches(context.Request, stamp), cancellationToken);
        return error is null ? TypedResults.NoContent() : error.ToProblem();
    }

    private static async Task<IResult> DownloadVersionAsync(ClaimsPrincipal user, ModelService models, Guid id, int number, CancellationToken cancellationToken)
    {
        var result = await models.OpenVersionPackageAsync(Caller.From(user), id, number, cancellationToken);
        return result.Error is not null ? result.Error.ToProblem() : new ModelPackageDownloadResult(models, result.Value!);
    }

    private static async Task<Results<Ok<ModelVersionResponse>, ProblemHttpResult>> GetTaggedAsync(
        ClaimsPrincipal user, ModelService models, Guid id, string tag, CancellationToken cancellationToken)
    {
        var result = await models.GetTaggedAsync(Caller.From(user), id, tag, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<ModelResponse>, ProblemHttpResult>> SetTagAsync(
        ClaimsPrincipal user, ModelService models, Guid id, string tag, ModelTagRequest request, HttpContext context, CancellationToken cancellationToken) =>
        ETags.Ok(await models.SetTagAsync(Caller.From(user), id, tag, request, stamp => ETags.Matches(context.Request, stamp), cancellationToken), r => r.ETag, context.Response);

    private static async Task<Results<Ok<ModelResponse>, ProblemHttpResult>> RemoveTagAsync(
        ClaimsPrincipal user, ModelService models, Guid id, string tag, HttpContext context, CancellationToken cancellationToken) =>
        ETags.Ok(await models.RemoveTagAsync(Caller.From(user), id, tag, stamp => ETags.Matches(context.Request, stamp), cancellationToken), r => r.ETag, context.Response);
}
