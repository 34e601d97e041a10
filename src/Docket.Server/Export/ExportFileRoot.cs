using System.Text.Json;
using Docket.Server.Common;
using Docket.Server.Export.Sinks;

namespace Docket.Server.Export;

/// <summary>
/// File sinks write under <c>&lt;data&gt;/exports/&lt;tenant id&gt;</c> only (the Administrator's cross-tenant
/// subscriptions under <c>&lt;data&gt;/exports/all-tenants</c>): whoever manages a subscription chooses a folder name
/// inside their own tenant's folder, not a place on the server's disk, and never another tenant's files.
/// </summary>
internal static class ExportFileRoot
{
    /// <summary>The folder of subscriptions that export every tenant; no tenant id (a GUID) can take its name.</summary>
    public const string AllTenants = "all-tenants";

    public static string Root(DocketOptions docket) => Path.GetFullPath(Path.Combine(docket.DataDirectory, "exports"));

    public static string TenantRoot(DocketOptions docket, Guid? tenantId) =>
        Path.Combine(Root(docket), tenantId is { } id ? id.ToString() : AllTenants);

    public static string? Check(DocketOptions docket, FileSinkOptions options, Guid? tenantId) =>
        Full(docket, options, tenantId) is null
            ? "directory must be a folder name inside the tenant's exports folder (no absolute paths, no '.' or '..')."
            : null;

    /// <summary>The same options with the directory resolved under the tenant's exports folder.</summary>
    public static FileSinkOptions Resolve(DocketOptions docket, FileSinkOptions options, Guid? tenantId) => new()
    {
        Directory = Full(docket, options, tenantId) ?? throw new InvalidOperationException("The directory is outside the tenant's exports folder."),
        FilePrefix = options.FilePrefix,
        MaxBytes = options.MaxBytes,
        MaxAge = options.MaxAge,
        MaxFiles = options.MaxFiles,
        Gzip = options.Gzip,
    };

    /// <summary>
    /// What makes two subscriptions' files the same: the folder and the prefix, compared without case (on a disk that
    /// ignores case they are the same files). Null when the settings are not a file sink's.
    /// </summary>
    public static string? FileKey(string settingsJson)
    {
        try
        {
            return JsonSerializer.Deserialize<FileSinkOptions>(settingsJson, SinkSettingsJson.Options) is { } options
                ? string.Join('/', Segments(options.Directory)).ToLowerInvariant() + "/" + options.FilePrefix.ToLowerInvariant()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The directory's full path, or null when it would leave the tenant's folder.</summary>
    private static string? Full(DocketOptions docket, FileSinkOptions options, Guid? tenantId)
    {
        var root = TenantRoot(docket, tenantId);
        var segments = Segments(options.Directory);
        if (segments.Length == 0 || segments.Any(s => s is "." or ".." || s.StartsWith('.')) || Path.IsPathRooted(options.Directory))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine([root, .. segments]));
        return full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }

    private static string[] Segments(string directory) => directory.Split('/', '\\');
}
