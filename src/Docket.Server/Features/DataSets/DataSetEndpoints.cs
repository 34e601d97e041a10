using System.Security.Claims;
using Docket.Contracts.Common;
using Docket.Contracts.DataSets;
using Docket.Server.Common;
using Docket.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Docket.Server.Features.DataSets;

/// <summary><c>/api/v1/data-sets</c>, and <c>/api/v1/projects/{projectId}/data-sets</c> to make one.</summary>
public static class DataSetEndpoints
{
    public static IEndpointRouteBuilder MapDataSetEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/projects/{projectId:guid}/data-sets", CreateAsync).WithTags("DataSets")
            .RequireAuthorization(Policies.Right(ObjectKind.DataSet, Rights.Create))
            .WithName("CreateDataSet")
            .WithSummary("Create a dataset")
            .WithDescription("Makes a dataset of the project's images marked under one scheme (all of them, or those named in imageIds), "
                + "with its first version split into train and validation parts by trainRatio and seed.")
            .ProblemWhen(400, "a field is invalid (see errors): the scheme is not the project's, an image is unknown or unmarked, or nothing is marked")
            .ProblemWhen(404, "no project with that id is visible to the caller")
            .ProblemWhen(409, "a dataset of that name already exists in the project");

        var group = app.MapGroup("/api/v1/data-sets").WithTags("DataSets");
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Right(ObjectKind.DataSet, Rights.View))
            .WithName("ListDataSets")
            .WithSummary("List datasets")
            .WithDescription("A page of the caller's tenant's datasets in creation order, of one project with projectId; the Administrator "
                + "sees every tenant's, or one tenant's with tenantId. search filters by name.")
            .ProblemWhen(400, "limit or cursor is invalid (see errors)");
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Right(ObjectKind.DataSet, Rights.View))
            .WithName("GetDataSet")
            .WithSummary("Get a dataset")
            .WithDescription("One dataset with its current version, and its ETag for a later If-Match.")
            .ProblemWhen(404, "no dataset with that id is visible to the caller");
        group.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Right(ObjectKind.DataSet, Rights.Edit))
            .WithName("UpdateDataSet")
            .WithSummary("Update a dataset")
            .WithDescription("Renames or describes a dataset. Send If-Match with its ETag to refuse a lost update.")
            .ProblemWhen(400, "a field is invalid (see errors)")
            .ProblemWhen(404, "no dataset with that id is visible to the caller")
            .ProblemWhen(409, "a dataset of that name already exists in the project")
            .ProblemWhen(412, "If-Match does not name the dataset's current ETag");
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Right(ObjectKind.DataSet, Rights.Delete))
            .WithName("DeleteDataSet")
            .WithSummary("Delete a dataset")
            .WithDescription("Removes a dataset with its versions and archives; the images and markings stay.")
            .ProblemWhen(404, "no dataset with that id is visible to the caller")
            .ProblemWhen(412, "If-Match does not name the dataset's current ETag");
        group.MapGet("/{id:guid}/versions", ListVersionsAsync).RequireAuthorization(Policies.Right(ObjectKind.DataSet, Rights.View))
            .WithName("ListDataSetVersions")
            .WithSummary("List a dataset's versions")
            .WithDescription("Every version of the dataset, with its split ratio, seed and counts.")
            .ProblemWhen(404, "no dataset with that id is visible to the caller");
        group.MapPost("/{id:guid}/versions", CreateVersionAsync).RequireAuthorization(Policies.Right(ObjectKind.DataSet, Rights.Edit))
            .WithName("CreateDataSetVersion")
            .WithSummary("Make a new version of a dataset")
            .WithDescription("Freezes the scheme's current markings as the dataset's next version. The body is optional: without one "
                + "the version keeps the current ratio and seed. Send If-Match with the dataset's ETag to refuse a lost update.")
            .ProblemWhen(400, "a field is invalid (see errors)")
            .ProblemWhen(404, "no dataset with that id is visible to the caller")
            .ProblemWhen(409, "the dataset's marking scheme no longer exists, or another version was made at the same time")
            .ProblemWhen(412, "If-Match does not name the dataset's current ETag");
        group.MapGet("/{id:guid}/versions/{number:int}/items", ListItemsAsync).RequireAuthorization(Policies.Right(ObjectKind.DataSet, Rights.View))
            .WithName("ListDataSetItems")
            .WithSummary("List a dataset version's items")
            .WithDescription("A page of the version's items (image and marking as frozen), of one part (train or validation) with part.")
            .ProblemWhen(400, "limit or cursor is invalid (see errors)")
            .ProblemWhen(404, "no dataset with that id is visible to the caller, or it has no such version");
        // Building an archive is operating the dataset: it takes the server's time and disk, so it needs Manage.
        group.MapPost("/{id:guid}/versions/{number:int}/archives", RequestArchiveAsync).RequireAuthorization(Policies.Right(ObjectKind.DataSet, Rights.Manage))
            .WithName("RequestDataSetArchive")
            .WithSummary("Build an archive of a dataset version")
            .WithDescription("Queues a build of the version as a dataset archive (docs/dataset-format.md) and answers 202 with it; "
                + "poll GetDataSetArchive until it is Ready. An identical queued, building or ready archive is answered instead of a new one.")
            .ProblemWhen(404, "no dataset with that id is visible to the caller, or it has no such version");
        group.MapGet("/{id:guid}/archives", ListArchivesAsync).RequireAuthorization(Policies.Right(ObjectKind.DataSet, Rights.View))
            .WithName("ListDataSetArchives")
            .WithSummary("List a dataset's archives")
            .WithDescription("A page of the dataset's archives, oldest first, of one version with version.")
            .ProblemWhen(400, "limit or cursor is invalid (see errors)")
            .ProblemWhen(404, "no dataset with that id is visible to the caller");
        group.MapGet("/{id:guid}/archives/{archiveId:guid}", GetArchiveAsync).RequireAuthorization(Policies.Right(ObjectKind.DataSet, Rights.View))
            .WithName("GetDataSetArchive")
            .WithSummary("Get a dataset archive")
            .WithDescription("One archive's state (Queued, Building, Ready, Failed...), size and hash.")
            .ProblemWhen(404, "no archive with that id is visible to the caller");
        group.MapGet("/{id:guid}/archives/{archiveId:guid}/content", DownloadArchiveAsync).RequireAuthorization(Policies.Right(ObjectKind.DataSet, Rights.View))
            .WithName("DownloadDataSetArchive")
            .WithSummary("Download a dataset archive")
            .WithDescription("The archive's zip, with an ETag; ranges are allowed, so a broken download can resume.")
            .Produces<Stream>(StatusCodes.Status200OK, "application/zip")
            .ProblemWhen(404, "no archive with that id is visible to the caller, or its content is gone")
            .ProblemWhen(409, "the archive is not Ready yet");
        return app;
    }

    private static async Task<Results<Created<DataSetResponse>, ProblemHttpResult>> CreateAsync(
        ClaimsPrincipal user, DataSetService dataSets, Guid projectId, CreateDataSetRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var result = await dataSets.CreateAsync(Caller.From(user), projectId, request, cancellationToken);
        if (result.Error is not null)
        {
            return result.Error.ToProblem();
        }

        response.Headers.ETag = result.Value!.ETag;
        return TypedResults.Created($"/api/v1/data-sets/{result.Value.Id}", result.Value);
    }

    private static async Task<Results<Ok<Page<DataSetResponse>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, DataSetService dataSets, Guid? tenantId, Guid? projectId, string? search, string? cursor, int? limit,
        CancellationToken cancellationToken)
    {
        var result = await dataSets.ListAsync(Caller.From(user), tenantId, projectId, search, cursor, limit, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<DataSetResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, DataSetService dataSets, Guid id, HttpResponse response, CancellationToken cancellationToken) =>
        ETags.Ok(await dataSets.GetAsync(Caller.From(user), id, cancellationToken), r => r.ETag, response);

    private static async Task<Results<Ok<DataSetResponse>, ProblemHttpResult>> UpdateAsync(
        ClaimsPrincipal user, DataSetService dataSets, Guid id, UpdateDataSetRequest request, HttpContext context, CancellationToken cancellationToken) =>
        ETags.Ok(await dataSets.UpdateAsync(Caller.From(user), id, request, stamp => ETags.Matches(context.Request, stamp), cancellationToken), r => r.ETag, context.Response);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        ClaimsPrincipal user, DataSetService dataSets, Guid id, HttpContext context, CancellationToken cancellationToken)
    {
        var error = await dataSets.DeleteAsync(Caller.From(user), id, stamp => ETags.Matches(context.Request, stamp), cancellationToken);
        return error is null ? TypedResults.NoContent() : error.ToProblem();
    }

    private static async Task<Results<Ok<DataSetVersionResponse[]>, ProblemHttpResult>> ListVersionsAsync(
        ClaimsPrincipal user, DataSetService dataSets, Guid id, CancellationToken cancellationToken)
    {
        var result = await dataSets.ListVersionsAsync(Caller.From(user), id, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    /// <summary>The body is optional: an empty one makes the next version with the current ratio and seed.</summary>
    private static async Task<Results<Created<DataSetVersionResponse>, ProblemHttpResult>> CreateVersionAsync(
        ClaimsPrincipal user, DataSetService dataSets, Guid id, CreateDataSetVersionRequest? request, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await dataSets.CreateVersionAsync(
            Caller.From(user), id, request ?? new CreateDataSetVersionRequest(), stamp => ETags.Matches(context.Request, stamp), cancellationToken);
        return result.Error is null
            ? TypedResults.Created($"/api/v1/data-sets/{id}/versions/{result.Value!.Number}", result.Value)
            : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<Page<DataSetItemResponse>>, ProblemHttpResult>> ListItemsAsync(
        ClaimsPrincipal user, DataSetService dataSets, Guid id, int number, DataSetPart? part, string? cursor, int? limit,
        CancellationToken cancellationToken)
    {
        var result = await dataSets.ListItemsAsync(Caller.From(user), id, number, part, cursor, limit, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static async Task<Results<Accepted<DataSetArchiveResponse>, ProblemHttpResult>> RequestArchiveAsync(
        ClaimsPrincipal user, DataSetService dataSets, Guid id, int number, CancellationToken cancellationToken)
    {
        var result = await dataSets.RequestArchiveAsync(Caller.From(user), id, number, cancellationToken);
        return result.Error is null
            ? TypedResults.Accepted($"/api/v1/data-sets/{id}/archives/{result.Value!.Id}", result.Value)
            : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<Page<DataSetArchiveResponse>>, ProblemHttpResult>> ListArchivesAsync(
        ClaimsPrincipal user, DataSetService dataSets, Guid id, int? version, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var result = await dataSets.ListArchivesAsync(Caller.From(user), id, version, cursor, limit, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<DataSetArchiveResponse>, ProblemHttpResult>> GetArchiveAsync(
        ClaimsPrincipal user, DataSetService dataSets, Guid id, Guid archiveId, CancellationToken cancellationToken)
    {
        var result = await dataSets.GetArchiveAsync(Caller.From(user), id, archiveId, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    /// <summary>Streams the zip from the blob store (ranges allowed, so a broken download can resume); 409 until it is Ready.</summary>
    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadArchiveAsync(
        ClaimsPrincipal user, DataSetService dataSets, Guid id, Guid archiveId, CancellationToken cancellationToken)
    {
        var result = await dataSets.OpenArchiveAsync(Caller.From(user), id, archiveId, cancellationToken);
        if (result.Error is not null)
        {
            return result.Error.ToProblem();
        }

        var content = result.Value!;
        return TypedResults.File(content.Content, "application/zip", content.FileName,
            entityTag: new EntityTagHeaderValue($"\"{content.Blob}\""), enableRangeProcessing: true);
    }
}
