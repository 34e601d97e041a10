using System.Security.Claims;
using Docket.Contracts.DataSets;
using Docket.Server.Common;
using Docket.Server.Features.Images;
using Docket.Server.Features.Projects;
using Docket.Server.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.DataSets.Archive;

/// <summary><c>POST /api/v1/projects/{projectId}/data-sets/import</c>: a dataset archive into a project.</summary>
public static class DataSetImportEndpoints
{
    /// <summary>An import makes a scheme, images and markings too: the caller must be allowed to make each.</summary>
    private static readonly (ObjectKind Kind, Rights Right)[] AlsoNeeded =
        [(ObjectKind.MarkingScheme, Rights.Create), (ObjectKind.ImageData, Rights.Create), (ObjectKind.Marking, Rights.Edit)];

    public static IEndpointRouteBuilder MapDataSetImportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/projects/{projectId:guid}/data-sets/import", ImportAsync).WithTags("DataSets")
            .RequireAuthorization(Policies.Right(ObjectKind.DataSet, Rights.Create))
            .AcceptsUpload(UploadContentTypes.Archives)
            .WithName("ImportDataSet")
            .WithSummary("Import a dataset archive")
            .WithDescription("Imports a dataset archive (docs/dataset-format.md) as a new scheme, images, markings and dataset; all or nothing. "
                + "Names already taken in the project get an \"(imported)\" suffix. Besides DataSet Create it needs MarkingScheme Create, "
                + "ImageData Create and Marking Edit.")
            .Produces<DataSetResponse>(StatusCodes.Status201Created)
            .ProblemWhen(400, "the upload is empty")
            .ProblemWhen(403, "the caller lacks MarkingScheme Create, ImageData Create or Marking Edit")
            .ProblemWhen(404, "no project with that id is visible to the caller")
            .ProblemWhen(413, "the archive is larger than ImageData:MaxUploadBytes")
            .ProblemWhen(415, "the body's Content-Type is none of the accepted ones (see acceptedTypes)")
            .ProblemWhen(422, "the archive is not a valid dataset archive; the detail says why");
        return app;
    }

    private static async Task<IResult> ImportAsync(
        ClaimsPrincipal user, IAuthorizationService authorization, ProjectQueries projects, DataSetImport import, IOptions<ImageDataOptions> options,
        Guid projectId, string? name, HttpContext context, CancellationToken cancellationToken)
    {
        foreach (var (kind, right) in AlsoNeeded)
        {
            if (!(await authorization.AuthorizeAsync(user, Policies.Right(kind, right))).Succeeded)
            {
                return ApiError.Forbidden($"Importing a dataset also makes {kind} objects, which needs the {right} right on them.").ToProblem();
            }
        }

        if (UploadContentTypes.Refuse(context.Request, UploadContentTypes.Archives) is { } unsupported)
        {
            return unsupported;
        }

        var limit = options.Value.MaxUploadBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            return TypedResults.Problem($"An archive may be at most {limit} bytes (ImageData:MaxUploadBytes).", statusCode: 413, title: "Payload too large");
        }

        var caller = Caller.From(user);
        var project = await projects.FindAsync(caller, projectId, cancellationToken);
        if (project is null)
        {
            return ApiError.NotFound("The project").ToProblem();
        }

        var file = UploadReader.IsMultipart(context.Request)
            ? await FirstAsync(UploadReader.Multipart(context.Request, cancellationToken))
            : UploadReader.Whole(context.Request, name);
        var archive = file is null ? null : await import.ReceiveAsync(project, file.Name, file.Content, cancellationToken);
        if (file is null || archive is null)
        {
            return TypedResults.Problem("The upload is empty: send a dataset archive (a zip).", statusCode: 400, title: "Bad request");
        }

        var result = await import.ImportAsync(caller, project, file.Name, archive, cancellationToken);
        if (result.Error is not null)
        {
            return result.Error.ToProblem();
        }

        context.Response.Headers.ETag = result.Value!.ETag;
        return TypedResults.Created($"/api/v1/data-sets/{result.Value.Id}", result.Value);
    }

    private static async Task<UploadedFile?> FirstAsync(IAsyncEnumerable<UploadedFile> files)
    {
        await foreach (var file in files)
        {
            return file;
        }

        return null;
    }
}
