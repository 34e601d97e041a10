using Docket.Server.Storage.Packages;

namespace Docket.Server.Features.Models;

/// <summary>
/// The package's file answer, which records what became of the download (14003, 14004) when the answer's status is
/// known: the file result decides the range (206, 416) and the conditions (304, 412) itself, and the headers are sent
/// only after the record is saved, so the journal holds it before the caller has the first byte.
/// </summary>
public sealed class ModelPackageDownloadResult(ModelService models, ModelPackageDownload download) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.OnStarting(() => RecordAsync(httpContext));
        return ModelPackageUploads.Download(download.Content, download.Version.PackageBlob, download.Name).ExecuteAsync(httpContext);
    }

    private Task RecordAsync(HttpContext context)
    {
        var response = context.Response;
        var cancellationToken = context.RequestAborted;
        return response.StatusCode switch
        {
            StatusCodes.Status200OK => models.RecordDownloadAsync(download, null, cancellationToken),
            StatusCodes.Status206PartialContent => models.RecordDownloadAsync(download, response.Headers.ContentRange.ToString(), cancellationToken),
            StatusCodes.Status416RangeNotSatisfiable => models.RecordDownloadErrorAsync(download,
                $"the range '{context.Request.Headers.Range}' cannot be satisfied: the package has {download.Version.PackageSize} bytes", cancellationToken),
            StatusCodes.Status412PreconditionFailed => models.RecordDownloadErrorAsync(download,
                "the package does not match the request's If-Match or If-Unmodified-Since", cancellationToken),
            // 304: the caller holds this very package already (If-None-Match); nothing was downloaded.
            _ => Task.CompletedTask,
        };
    }
}
