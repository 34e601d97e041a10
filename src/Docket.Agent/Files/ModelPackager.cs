using System.IO.Compression;

namespace Docket.Agent.Files;

/// <summary>
/// Zips a training's <c>output/model/</c> as the model package the server keeps (and a later launch unzips into
/// <c>model/</c>): every file of the folder under its path relative to it, '/'-separated, in ordinal order, each with the
/// same time and mode, so the same folder always makes the same bytes. A link anywhere in it refuses the package (it
/// would carry what lies outside the folder, or nothing); folders travel as the paths of their files, so a folder with
/// no file in it at all is no package.
/// </summary>
public static class ModelPackager
{
    /// <summary>
    /// An entry that deflates more than this is stored instead: readers refuse entries compressed past 200:1 as bombs
    /// (the agent's package limits, ModelPackages:Archive on the server), and a file of zeros is not one.
    /// </summary>
    public const int MaxCompressionRatio = 100;

    /// <summary>ZIP's earliest time, for every entry: the file's own time would make each package different.</summary>
    private static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A regular file, rw-r--r--, in the Unix half of the external attributes.</summary>
    private const int FileAttributes = (0x8000 | 0b110_100_100) << 16;

    /// <summary>Writes the package of <paramref name="folder"/> to <paramref name="zipPath"/>; null when done, else why not.</summary>
    public static async Task<string?> PackAsync(string folder, string zipPath, CancellationToken cancellationToken)
    {
        var root = new DirectoryInfo(folder);
        if (!root.Exists)
        {
            return $"the engine left no {Shown(root)}/ folder";
        }

        if (root.LinkTarget is not null)
        {
            return $"{Shown(root)} is a link; the model package takes files only";
        }

        var files = new List<(string Name, string Path)>();
        var folders = new Stack<DirectoryInfo>([root]);
        while (folders.TryPop(out var current))
        {
            foreach (var info in current.EnumerateFileSystemInfos())
            {
                var name = Path.GetRelativePath(root.FullName, info.FullName).Replace(Path.DirectorySeparatorChar, '/');
                if (info.LinkTarget is not null || info.Attributes.HasFlag(System.IO.FileAttributes.ReparsePoint))
                {
                    return $"{Shown(root)}/{name} is a link; the model package takes files only";
                }

                if (info is DirectoryInfo directory)
                {
                    folders.Push(directory);
                }
                else
                {
                    files.Add((name, info.FullName));
                }
            }
        }

        if (files.Count == 0)
        {
            return $"the engine left no file in {Shown(root)}/";
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        await WriteAsync(files, zipPath, stored: [], cancellationToken);
        var overCompressed = await OverCompressedAsync(zipPath, cancellationToken);
        if (overCompressed.Count > 0)
        {
            await WriteAsync(files, zipPath, overCompressed, cancellationToken);
        }

        return null;
    }

    private static async Task WriteAsync(List<(string Name, string Path)> files, string zipPath, HashSet<string> stored, CancellationToken cancellationToken)
    {
        await using var target = new FileStream(zipPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous);
        await using var zip = await ZipArchive.CreateAsync(target, ZipArchiveMode.Create, leaveOpen: false, entryNameEncoding: null, cancellationToken);
        foreach (var (name, path) in files)
        {
            var entry = zip.CreateEntry(name, stored.Contains(name) ? CompressionLevel.NoCompression : CompressionLevel.Optimal);
            entry.LastWriteTime = EntryTime;
            entry.ExternalAttributes = FileAttributes;
            await using var content = await entry.OpenAsync(cancellationToken);
            await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await source.CopyToAsync(content, cancellationToken);
        }
    }

    /// <summary>The entries that deflated past <see cref="MaxCompressionRatio"/>, which are to be stored.</summary>
    private static async Task<HashSet<string>> OverCompressedAsync(string zipPath, CancellationToken cancellationToken)
    {
        await using var zip = await ZipArchive.CreateAsync(File.OpenRead(zipPath), ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: null, cancellationToken);
        return [.. zip.Entries.Where(entry => entry.Length > (long)MaxCompressionRatio * Math.Max(entry.CompressedLength, 1)).Select(entry => entry.FullName)];
    }

    private static string Shown(DirectoryInfo root) => $"output/{root.Name}";
}
