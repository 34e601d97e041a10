using System.IO.Compression;

namespace Docket.Server.Storage.Archives;

/// <summary>
/// Reads an uploaded zip without trusting it: paths that climb out (zip-slip), absolute paths, links, encrypted
/// entries and implausible compression ratios are refused per entry; sizes are enforced on the inflated bytes.
/// The archive must be a file (a zip's directory is at its end), so uploads are spooled to disk first.
/// </summary>
public sealed class SafeZipReader : IDisposable
{
    private const int UnixFileTypeMask = 0xF000;
    private const int UnixSymbolicLink = 0xA000;

    private readonly ZipArchive archive;
    private readonly ZipLimits limits;
    private long total;

    private SafeZipReader(ZipArchive archive, ZipLimits limits)
    {
        this.archive = archive;
        this.limits = limits;
    }

    /// <summary>Opens the archive, or says in words why it cannot be read.</summary>
    public static (SafeZipReader? Reader, string? Error) Open(string path, ZipLimits limits)
    {
        FileStream? file = null;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
            var archive = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: false);
            var count = archive.Entries.Count;
            if (count > limits.MaxEntries)
            {
                archive.Dispose();
                return (null, $"The archive has {count} entries; at most {limits.MaxEntries} are accepted.");
            }

            return (new SafeZipReader(archive, limits), null);
        }
        catch (InvalidDataException)
        {
            file?.Dispose();
            return (null, "The file is not a readable zip archive: it is corrupt, truncated or not a zip.");
        }
    }

    /// <summary>The archive's file entries in stored order, each refused or readable; folders are skipped.</summary>
    public IEnumerable<SafeZipEntry> Entries()
    {
        foreach (var entry in archive.Entries)
        {
            var stored = entry.FullName;
            if (stored.EndsWith('/') || stored.EndsWith('\\'))
            {
                continue;
            }

            var (name, problem) = SafeName(stored);
            if (problem is not null)
            {
                yield return SafeZipEntry.Refused(stored, problem);
            }
            else if (((entry.ExternalAttributes >> 16) & UnixFileTypeMask) == UnixSymbolicLink)
            {
                yield return SafeZipEntry.Refused(name!, "is a symbolic link; only files are accepted.");
            }
            else if (entry.IsEncrypted)
            {
                yield return SafeZipEntry.Refused(name!, "is encrypted.");
            }
            else if (entry.Length > limits.MaxEntryBytes)
            {
                yield return SafeZipEntry.Refused(name!, $"inflates to {entry.Length} bytes; at most {limits.MaxEntryBytes} are accepted per entry.");
            }
            else if (entry.Length > (long)limits.MaxCompressionRatio * Math.Max(entry.CompressedLength, 1))
            {
                yield return SafeZipEntry.Refused(name!, $"is compressed more than {limits.MaxCompressionRatio}:1, as a decompression bomb is.");
            }
            else
            {
                yield return SafeZipEntry.Accepted(name!, entry, this);
            }
        }
    }

    /// <summary>Counts inflated bytes against the per-entry and whole-archive limits.</summary>
    internal void Charge(int bytes, long entrySoFar)
    {
        total += bytes;
        if (entrySoFar > limits.MaxEntryBytes)
        {
            throw new ZipLimitExceededException($"inflates to more than {limits.MaxEntryBytes} bytes.");
        }

        if (total > limits.MaxTotalBytes)
        {
            throw new ZipLimitExceededException($"The archive inflates to more than {limits.MaxTotalBytes} bytes in all.");
        }
    }

    /// <summary>A relative '/'-separated path with no way out of the folder it would be extracted to.</summary>
    internal static (string? Name, string? Problem) SafeName(string stored)
    {
        if (stored.Any(char.IsControl))
        {
            return (null, "has control characters in its name.");
        }

        var path = stored.Replace('\\', '/');
        if (path.StartsWith('/') || (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0])))
        {
            return (null, "has an absolute path; only relative paths are accepted.");
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        if (segments.Contains(".."))
        {
            return (null, "has a path that climbs out of the archive ('..'), as a zip-slip attack does.");
        }

        return segments.Length == 0 ? (null, "has an empty name.") : (string.Join('/', segments), null);
    }

    public void Dispose() => archive.Dispose();
}
