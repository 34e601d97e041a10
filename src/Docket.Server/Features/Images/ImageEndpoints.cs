using System.Security.Claims;
using Docket.Contracts.Common;
using Docket.Contracts.Images;
using Docket.Server.Common;
using Docket.Server.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Images;

/// <summary><c>/api/v1/projects/{projectId}/images</c> (upload, list) and <c>/api/v1/images/{id}</c>.</summary>
public static class ImageEndpoints
{
    public static IEndpointRouteBuilder MapImageEndpoints(this IEndpointRouteBuilder app)
    {
        var project = app.MapGroup("/api/v1/projects/{projectId:guid}/images").WithTags("Images");
        project.MapPost("/", UploadAsync).RequireAuthorization(Policies.Right(ObjectKind.ImageData, Rights.Create))
            .AcceptsUpload(UploadContentTypes.Images)
            .WithName("UploadImages")
            .WithSummary("Upload images")
            .WithDescription("Adds images: the files of a multipart/form-data body, or the body itself as one file (name it with ?name=). "
                + "Zip archives are opened; TIFF and PDF pages become one image each. Files already in the project are reported "
                + "as duplicates; 201 when something was added, 200 when everything was already there.")
            .Produces<UploadReport>(StatusCodes.Status201Created)
            .Produces<UploadReport>(StatusCodes.Status200OK)
            .ProblemWhen(400, "the upload is empty or held no files")
            .ProblemWhen(404, "no project with that id is visible to the caller")
            .ProblemWhen(413, "the upload is larger than ImageData:MaxUploadBytes")
            .ProblemWhen(415, "the body's Content-Type is none of the accepted ones (see acceptedTypes)")
            .ProblemWhen(422, "no file of the upload could be added (see refused and duplicates)");
        project.MapGet("/", ListAsync).RequireAuthorization(Policies.Right(ObjectKind.ImageData, Rights.View))
            .WithName("ListImages")
            .WithSummary("List a project's images")
            .WithDescription("A page of the project's images in upload order, filtered by name (search), content hash (sha256), "
                + "the upload that added them (operationKey) or content type.")
            .ProblemWhen(400, "a filter, limit or cursor is invalid (see errors)")
            .ProblemWhen(404, "no project with that id is visible to the caller");

        var images = app.MapGroup("/api/v1/images/{id:guid}").WithTags("Images");
        images.MapGet("/", GetAsync).RequireAuthorization(Policies.Right(ObjectKind.ImageData, Rights.View))
            .WithName("GetImage")
            .WithSummary("Get an image")
            .WithDescription("One image's details, with its ETag for a later If-Match.")
            .ProblemWhen(404, "no image with that id is visible to the caller");
        images.MapPut("/", UpdateAsync).RequireAuthorization(Policies.Right(ObjectKind.ImageData, Rights.Edit))
            .WithName("UpdateImage")
            .WithSummary("Rename or turn an image")
            .WithDescription("Renames an image and/or sets its rotation; what is left out stays as it is. Send If-Match with its ETag to refuse a lost update.")
            .ProblemWhen(400, "a field is invalid (see errors)")
            .ProblemWhen(404, "no image with that id is visible to the caller")
            .ProblemWhen(412, "If-Match does not name the image's current ETag");
        images.MapDelete("/", DeleteAsync).RequireAuthorization(Policies.Right(ObjectKind.ImageData, Rights.Delete))
            .WithName("DeleteImage")
            .WithSummary("Delete an image")
            .WithDescription("Removes an image and its markings, in one transaction.")
            .ProblemWhen(404, "no image with that id is visible to the caller")
            .ProblemWhen(412, "If-Match does not name the image's current ETag");
        images.MapGet("/original", (ClaimsPrincipal user, ImageService service, Guid id, HttpContext context, CancellationToken cancellationToken) =>
            DownloadAsync(user, service, id, ImageFileKind.Original, context, cancellationToken)).RequireAuthorization(Policies.Right(ObjectKind.ImageData, Rights.View))
            .WithName("DownloadImageOriginal")
            .WithSummary("Download an image's original file")
            .WithDescription("The file as it was uploaded, in its own content type (ranges allowed).")
            .Produces<Stream>(StatusCodes.Status200OK, "application/octet-stream")
            .ProblemWhen(404, "no image with that id is visible to the caller")
            .ProblemWhen(410, "the file is no longer in the blob store");
        images.MapGet("/page", (ClaimsPrincipal user, ImageService service, Guid id, HttpContext context, CancellationToken cancellationToken) =>
            DownloadAsync(user, service, id, ImageFileKind.Page, context, cancellationToken)).RequireAuthorization(Policies.Right(ObjectKind.ImageData, Rights.View))
            .WithName("DownloadImagePage")
            .WithSummary("Download an image's page")
            .WithDescription("The page as stored: the original for a plain image, the rendered page of a TIFF or PDF (ranges allowed).")
            .Produces<Stream>(StatusCodes.Status200OK, "image/png", "image/jpeg", "image/tiff")
            .ProblemWhen(404, "no image with that id is visible to the caller")
            .ProblemWhen(410, "the file is no longer in the blob store");
        images.MapGet("/thumbnail", (ClaimsPrincipal user, ImageService service, Guid id, HttpContext context, CancellationToken cancellationToken) =>
            DownloadAsync(user, service, id, ImageFileKind.Thumbnail, context, cancellationToken)).RequireAuthorization(Policies.Right(ObjectKind.ImageData, Rights.View))
            .WithName("DownloadImageThumbnail")
            .WithSummary("Download an image's thumbnail")
            .WithDescription("A small PNG of the page, turned by the image's rotation.")
            .Produces<Stream>(StatusCodes.Status200OK, "image/png")
            .ProblemWhen(404, "no image with that id is visible to the caller")
            .ProblemWhen(410, "the file is no longer in the blob store");
        return app;
    }

    private static async Task<IResult> UploadAsync(
        ClaimsPrincipal user, ImageService images, ImageUpload upload, IOptions<ImageDataOptions> options, Guid projectId, string? name,
        HttpContext context, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxUploadBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            return TypedResults.Problem($"An upload may be at most {limit} bytes (ImageData:MaxUploadBytes).", statusCode: 413, title: "Payload too large");
        }

        if (UploadContentTypes.Refuse(context.Request, UploadContentTypes.Images) is { } unsupported)
        {
            return unsupported;
        }

        if (context.Request.ContentLength == 0)
        {
            return TypedResults.Problem("The upload is empty: send image files or a zip of them.", statusCode: 400, title: "Bad request");
        }

        var caller = Caller.From(user);
        var project = await images.FindProjectAsync(caller, projectId, cancellationToken);
        if (project is null)
        {
            return ApiError.NotFound("The project").ToProblem();
        }

        var files = UploadReader.IsMultipart(context.Request)
            ? UploadReader.Multipart(context.Request, cancellationToken)
            : One(UploadReader.Whole(context.Request, name));
        var report = await upload.UploadAsync(caller, project, files, cancellationToken);
        if (report.Added.Count > 0)
        {
            return TypedResults.Created($"/api/v1/projects/{projectId}/images?operationKey={report.OperationKey}", report);
        }

        if (report.Refused.Count == 0 && report.Duplicates.Count == 0)
        {
            return TypedResults.Problem("The upload held no files: send image files or a zip of them.", statusCode: 400, title: "Bad request");
        }

        if (report.Refused.Count > 0)
        {
            return TypedResults.Problem(
                report.Refused.Count == 1 ? $"'{report.Refused[0].Name}' {report.Refused[0].Reason}" : "No file of the upload was added; see 'refused'.",
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Nothing was added",
                extensions: new Dictionary<string, object?>
                {
                    ["operationKey"] = report.OperationKey,
                    ["refused"] = report.Refused,
                    ["duplicates"] = report.Duplicates,
                });
        }

        // Everything was already there: the upload is idempotent.
        return TypedResults.Ok(report);
    }

    private static async IAsyncEnumerable<UploadedFile> One(UploadedFile file)
    {
        await Task.CompletedTask;
        yield return file;
    }

    private static async Task<Results<Ok<Page<ImageResponse>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, ImageService images, Guid projectId, string? search, string? sha256, string? operationKey, string? contentType,
        string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var filter = new ImageFilter
        {
            Search = search,
            Sha256 = sha256,
            OperationKey = operationKey,
            ContentType = contentType,
            Cursor = cursor,
            Limit = limit,
        };
        var result = await images.ListAsync(Caller.From(user), projectId, filter, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<ImageResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, ImageService images, Guid id, HttpResponse response, CancellationToken cancellationToken) =>
        ETags.Ok(await images.GetAsync(Caller.From(user), id, cancellationToken), r => r.ETag, response);

    private static async Task<Results<Ok<ImageResponse>, ProblemHttpResult>> UpdateAsync(
        ClaimsPrincipal user, ImageService images, Guid id, ImageUpdateRequest request, HttpContext context, CancellationToken cancellationToken) =>
        ETags.Ok(await images.UpdateAsync(Caller.From(user), id, request, stamp => ETags.Matches(context.Request, stamp), cancellationToken), r => r.ETag, context.Response);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        ClaimsPrincipal user, ImageService images, Guid id, HttpContext context, CancellationToken cancellationToken)
    {
        var error = await images.DeleteAsync(Caller.From(user), id, stamp => ETags.Matches(context.Request, stamp), cancellationToken);
        return error is null ? TypedResults.NoContent() : error.ToProblem();
    }

    private static async Task<IResult> DownloadAsync(
        ClaimsPrincipal user, ImageService images, Guid id, ImageFileKind kind, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await images.OpenAsync(Caller.From(user), id, kind, cancellationToken);
        if (result.Error is not null)
        {
            return result.Error.ToProblem();
        }

        var file = result.Value!;
        return TypedResults.Stream(file.Content, file.ContentType, file.FileName, enableRangeProcessing: file.Content.CanSeek);
    }
}
