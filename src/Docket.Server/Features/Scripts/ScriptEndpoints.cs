using System.Security.Claims;
using Docket.Contracts.Common;
using Docket.Contracts.Scripts;
using Docket.Server.Common;
using Docket.Server.Security;
using Docket.Server.Storage.Packages;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Scripts;

/// <summary><c>/api/v1/scripts</c>: an engine's launch scripts and their package.</summary>
public static class ScriptEndpoints
{
    public static IEndpointRouteBuilder MapScriptEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/scripts").WithTags("Scripts");
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Right(ObjectKind.Script, Rights.View))
            .WithName("ListScripts")
            .WithSummary("List scripts")
            .WithDescription("A page of the caller's tenant's scripts in creation order, of one engine with engine; the Administrator sees "
                + "every tenant's, or one tenant's with tenantId. Follow next as cursor for the next page.")
            .ProblemWhen(400, "limit or cursor is out of range (see errors)");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Right(ObjectKind.Script, Rights.Create))
            .WithName("CreateScript")
            .WithSummary("Create a script")
            .WithDescription("Makes a script for an engine in the caller's tenant (the Administrator may name another with tenantId); "
                + "upload its package with UploadScriptPackage.")
            .ProblemWhen(400, "a field is invalid (see errors), or tenantId names no tenant")
            .ProblemWhen(409, "a script of that name already exists in the tenant");
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Right(ObjectKind.Script, Rights.View))
            .WithName("GetScript")
            .WithSummary("Get a script")
            .WithDescription("One script with its package's size, SHA-256 and launch scripts, and its ETag for a later If-Match.")
            .ProblemWhen(404, "no script with that id is visible to the caller");
        group.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Right(ObjectKind.Script, Rights.Edit))
            .WithName("UpdateScript")
            .WithSummary("Update a script")
            .WithDescription("Renames or describes a script, or names another engine. Send If-Match with its ETag to refuse a lost update.")
            .ProblemWhen(400, "a field is invalid (see errors)")
            .ProblemWhen(404, "no script with that id is visible to the caller")
            .ProblemWhen(409, "a script of that name already exists in the tenant")
            .ProblemWhen(412, "If-Match does not name the script's current ETag");
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Right(ObjectKind.Script, Rights.Delete))
            .WithName("DeleteScript")
            .WithSummary("Delete a script")
            .WithDescription("Removes a script and its package. Send If-Match with its ETag to refuse removing a version you have not seen.")
            .ProblemWhen(404, "no script with that id is visible to the caller")
            .ProblemWhen(412, "If-Match does not name the script's current ETag");
        group.MapPut("/{id:guid}/package", UploadPackageAsync).RequireAuthorization(Policies.Right(ObjectKind.Script, Rights.Edit))
            .AcceptsPackage()
            .WithName("UploadScriptPackage")
            .Produces<ScriptResponse>(StatusCodes.Status200OK)
            .WithSummary("Upload a script's package")
            .WithDescription("Sets the script's package: a zip sent as the whole body, with at least one of start_training.sh, start_evaluation.sh "
                + "and start_inference.sh at its root (docs/engine-contract.md). The zip is checked whole before it is kept (paths that climb out, "
                + "links, decompression bombs, broken entries are refused); the answer gives its size, SHA-256 and the launch scripts it holds. "
                + "Replaces an earlier package. Send If-Match with the script's ETag to refuse a lost update.")
            .ProblemWhen(400, "the upload is empty")
            .ProblemWhen(404, "no script with that id is visible to the caller")
            .ProblemWhen(412, "If-Match does not name the script's current ETag")
            .ProblemWhen(413, "the package is larger than ModelPackages:MaxUploadBytes")
            .ProblemWhen(415, "the body's Content-Type is not application/zip or application/octet-stream")
            .ProblemWhen(422, "the package is not a zip the server accepts, or holds no launch script at its root; the detail says why");
        group.MapGet("/{id:guid}/package", DownloadPackageAsync).RequireAuthorization(Policies.Right(ObjectKind.Script, Rights.View))
            .WithName("DownloadScriptPackage")
            .WithSummary("Download a script's package")
            .WithDescription("The script's zip, with its SHA-256 as the ETag; ranges are served, so a broken download can resume.")
            .Produces<Stream>(StatusCodes.Status200OK, "application/zip")
            .ProblemWhen(404, "no script with that id is visible to the caller, or it has no package yet");
        return app;
    }

    private static async Task<Results<Ok<Page<ScriptResponse>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, ScriptService scripts, Guid? tenantId, string? engine, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var result = await scripts.ListAsync(Caller.From(user), tenantId, engine, cursor, limit, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<ScriptResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, ScriptService scripts, Guid id, HttpResponse response, CancellationToken cancellationToken)
    {
        var result = await scripts.GetAsync(Caller.From(user), id, cancellationToken);
        return ETags.Ok(result, r => r.ETag, response);
    }

    private static async Task<Results<Created<ScriptResponse>, ProblemHttpResult>> CreateAsync(
        ClaimsPrincipal user, ScriptService scripts, ScriptRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var result = await scripts.CreateAsync(Caller.From(user), request, cancellationToken);
        if (result.Error is not null)
        {
            return result.Error.ToProblem();
        }

        response.Headers.ETag = result.Value!.ETag;
        return TypedResults.Created($"/api/v1/scripts/{result.Value.Id}", result.Value);
    }

    private static async Task<Results<Ok<ScriptResponse>, ProblemHttpResult>> UpdateAsync(
        ClaimsPrincipal user, ScriptService scripts, Guid id, ScriptRequest request, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await scripts.UpdateAsync(Caller.From(user), id, request, stamp => ETags.Matches(context.Request, stamp), cancellationToken);
        return ETags.Ok(result, r => r.ETag, context.Response);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        ClaimsPrincipal user, ScriptService scripts, Guid id, HttpContext context, CancellationToken cancellationToken)
    {
        var error = await scripts.DeleteAsync(Caller.From(user), id, stamp => ETags.Matches(context.Request, stamp), cancellationToken);
        return error is null ? TypedResults.NoContent() : error.ToProblem();
    }

    private static async Task<IResult> UploadPackageAsync(
        ClaimsPrincipal user, ScriptService scripts, IOptions<ModelPackageOptions> options, Guid id, HttpContext context, CancellationToken cancellationToken)
    {
        if (ModelPackageUploads.Refuse(context, options.Value.MaxUploadBytes) is { } refused)
        {
            return refused;
        }

        var result = await scripts.UploadPackageAsync(Caller.From(user), id, context.Request.Body, stamp => ETags.Matches(context.Request, stamp), cancellationToken);
        return ETags.Ok(result, r => r.ETag, context.Response);
    }

    private static async Task<IResult> DownloadPackageAsync(ClaimsPrincipal user, ScriptService scripts, Guid id, CancellationToken cancellationToken)
    {
        var result = await scripts.OpenPackageAsync(Caller.From(user), id, cancellationToken);
        return result.Error is not null
            ? result.Error.ToProblem()
            : ModelPackageUploads.Download(result.Value.Content, result.Value.Sha256, result.Value.Name);
    }
}
