using System.Security.Cryptography;
using System.Text;

namespace Docket.Server.Journal;

/// <summary>
/// A server key kept in a file (the journal's signing key, the key that encrypts sink secrets): base64, readable by the
/// server's own user only from the moment it exists. The file is written whole under a temporary name created with mode
/// 0600 and then linked into place, so no other user ever sees it at 0644 and no replica ever reads it half written;
/// when two replicas create it at once, the first one's key is everyone's.
/// </summary>
internal static class KeyFile
{
    /// <summary>A key file is a few dozen bytes; anything much larger is not one, and is not read whole.</summary>
    private const int MaxFileBytes = 4096;

    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// The key in <paramref name="path"/>, created with <paramref name="keyBytes"/> random bytes when missing. With
    /// <paramref name="ownFolder"/> (the default <c>&lt;data&gt;/secrets</c>), the folder is made the owner's alone
    /// too, also when an earlier version created it with the default mode; an operator's own folder is left as it is.
    /// </summary>
    public static byte[] LoadOrCreate(string path, int keyBytes, bool ownFolder)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        CreateFolder(folder, ownFolder);
        if (!File.Exists(full))
        {
            Create(full, keyBytes);
        }

        return Read(full, keyBytes);
    }

    private static void CreateFolder(string folder, bool ownFolder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
            Directory.CreateDirectory(folder, OwnerOnlyFolder);
        }

        if (ownFolder && (File.GetUnixFileMode(folder) & ~OwnerOnlyFolder) != 0)
        {
            File.SetUnixFileMode(folder, OwnerOnlyFolder);
        }
    }

    private static void Create(string path, int keyBytes)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // The mode is given to open(2) itself: there is no moment at which the file exists with a wider one.
            options.UnixCreateMode = OwnerOnlyFile;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(keyBytes))));
                stream.Flush(flushToDisk: true);
            }

            try
            {
                // Without overwrite, a link that fails when the name is taken: never replaces a key another replica wrote.
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another replica created it first: its key is the key.
            }
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static byte[] Read(string path, int keyBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length > MaxFileBytes)
        {
            throw new InvalidOperationException($"{path} is not a key file (larger than {MaxFileBytes} bytes).");
        }

        using var reader = new StreamReader(stream, Encoding.ASCII);
        var key = Convert.FromBase64String(reader.ReadToEnd().Trim());
        return key.Length >= keyBytes
            ? key
            : throw new InvalidOperationException($"{path} holds a key of {key.Length} bytes; at least {keyBytes} are needed.");
    }
}
