using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Docket.Server.Features.Images;

/// <summary>
/// The files of an upload request, streamed: the file parts of a <c>multipart/form-data</c> body, or the whole
/// body as one file (named by <c>?name=</c> or <c>Content-Disposition</c>). Nothing is buffered in memory.
/// </summary>
internal static class UploadReader
{
    public static bool IsMultipart(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    public static async IAsyncEnumerable<UploadedFile> Multipart(HttpRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            yield break;
        }

        var reader = new MultipartReader(boundary, request.Body);
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition())
            {
                // Plain form fields carry nothing an upload uses.
                continue;
            }

            var name = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
            yield return new UploadedFile(name ?? string.Empty, section.ContentType, section.Body);
        }
    }

    public static UploadedFile Whole(HttpRequest request, string? name)
    {
        if (string.IsNullOrWhiteSpace(name)
            && ContentDispositionHeaderValue.TryParse(request.Headers.ContentDisposition.ToString(), out var disposition))
        {
            name = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
        }

        return new UploadedFile(string.IsNullOrWhiteSpace(name) ? "upload" : name, request.ContentType, request.Body);
    }
}
