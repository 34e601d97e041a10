using System.Runtime.InteropServices;

namespace Docket.Server.Storage;

/// <summary>
/// Keeps what the server writes private to the user it runs as: the data folder holds every tenant's images, the
/// database and the secrets. On Unix the process's umask becomes 077 before anything is written, so every file and
/// folder the server or a tool it starts creates (SQLite's database with its -wal and -shm, blobs, scratch files,
/// pdftoppm's pages, export files, keys) is 0600 or 0700 whatever umask the service manager gave it. The umask is
/// process-wide on purpose: explicit modes cannot reach what native code (SQLite) and child processes create, nor a
/// file a later change forgets. The blob store also asks for its modes explicitly, so it stays private where it is
/// used without the host (tools, benchmarks). A data folder that exists with wider modes is tightened at start.
/// </summary>
internal static class PrivateFiles
{
    /// <summary>0700.</summary>
    public const UnixFileMode PrivateFolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>0600.</summary>
    public const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupAndOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute | UnixFileMode.SetGroup | UnixFileMode.SetUser;

    /// <summary>077: new files get no bit for the group or others.</summary>
    private const uint PrivateUmask = 0x3F;

    /// <summary>From now on this process and the tools it starts create files 0600 and folders 0700 at most.</summary>
    public static void RestrictNewFiles()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = Umask(PrivateUmask);
        }
    }

    /// <summary>Creates a folder (and any missing parent) 0700.</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, PrivateFolderMode);
        }
    }

    /// <summary>Options for a new file only its owner may read: 0600 on Unix.</summary>
    public static FileStreamOptions NewFile(FileAccess access, FileShare share, FileOptions options)
    {
        var file = new FileStreamOptions { Mode = FileMode.CreateNew, Access = access, Share = share, Options = options, BufferSize = 81920 };
        if (!OperatingSystem.IsWindows())
        {
            file.UnixCreateMode = PrivateFileMode;
        }

        return file;
    }

    /// <summary>
    /// Creates the folder 0700, or takes from it and from its direct entries every bit the group and others have.
    /// Deeper entries keep their modes but lie behind folders only the owner may enter; links are not followed.
    /// </summary>
    public static IReadOnlyList<TightenedPath> PrepareFolder(string path)
    {
        var folder = Path.GetFullPath(path);
        if (!Directory.Exists(folder))
        {
            CreateFolder(folder);
            return [];
        }

        if (OperatingSystem.IsWindows())
        {
            return [];
        }

        var tightened = new List<TightenedPath>();
        Tighten(folder, tightened);
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is null)
            {
                Tighten(entry.FullName, tightened);
            }
        }

        return tightened;
    }

    private static void Tighten(string path, List<TightenedPath> tightened)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            var before = File.GetUnixFileMode(path);
            if ((before & GroupAndOthers) == 0)
            {
                return;
            }

            var after = before & ~GroupAndOthers;
            File.SetUnixFileMode(path, after);
            tightened.Add(new TightenedPath(path, before, after, null));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            tightened.Add(new TightenedPath(path, null, null, exception.Message));
        }
    }

    [DllImport("libc", EntryPoint = "umask")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint Umask(uint mask);
}
