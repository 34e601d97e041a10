namespace Docket.Server.Features.Images;

/// <summary>PNG files of a PDF's pages in page order, in a scratch folder the caller deletes; or why there are none.</summary>
public sealed record PdfRendering(IReadOnlyList<string> Files, string? Folder, string? Refusal)
{
    public static PdfRendering Refused(string reason) => new([], null, reason);

    public void Delete()
    {
        if (Folder is not null && Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
