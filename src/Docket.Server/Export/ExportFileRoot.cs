using Docket.Server.Hosting;
using Docket.Server.Export.Sinks;

namespace Docket.Server.Export;

/// <summary>
/// File sinks write under <c>&lt;data&gt;/exports</c> only: whoever manages a subscription chooses a folder name,
/// not a place on the server's disk.
/// </summary>
internal static class ExportFileRoot
{
    public static string Root(DocketOptions docket) => Path.GetFullPath(Path.Combine(docket.DataDirectory, "exports"));

    public static string? Check(DocketOptions docket, FileSinkOptions options)
    {
        var root = Root(docket);
        var full = Path.GetFullPath(Path.Combine(root, options.Directory));
        return full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? null
            : "directory must be a folder name inside the server's exports folder (no absolute paths, no '..').";
    }

    /// <summary>The same options with the directory resolved under the exports folder.</summary>
    public static FileSinkOptions Resolve(DocketOptions docket, FileSinkOptions options) => new()
    {
        Directory = Path.GetFullPath(Path.Combine(Root(docket), options.Directory)),
        FilePrefix = options.FilePrefix,
        MaxBytes = options.MaxBytes,
        MaxAge = options.MaxAge,
        MaxFiles = options.MaxFiles,
        Gzip = options.Gzip,
    };
}
