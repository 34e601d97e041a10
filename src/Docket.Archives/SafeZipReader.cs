using System.IO.Compression;

namespace Docket.Archives;

/// <summary>
/// Reads an uploaded zip without trusting it: paths that climb out (zip-slip), absolute paths, links, encrypted
/// entries, compression methods other than store and deflate, and implausible compression ratios are refused per
/// entry; sizes are enforced on the inflated bytes, and each entry's size and CRC-32 are checked when it has been
/// read. The archive must be a file (a zip's directory is at its end), so uploads are spooled to disk first.
/// </summary>
public sealed class SafeZipReader : IDisposable
{
    private const int UnixFileTypeMask = 0xF000;
    private const int UnixSymbolicLink = 0xA000;
    private const string Unreadable = "The file is not a readable zip archive: it is corrupt, truncated or not a zip.";

    private readonly ZipArchive archive;
    private readonly List<ZipDirectoryRecord> records;
    private readonly string path;
    private readonly ZipLimits limits;
    private long total;

    private SafeZipReader(ZipArchive archive, List<ZipDirectoryRecord> records, string path, ZipLimits limits)
    {
        this.archive = archive;
        this.records = records;
        this.path = path;
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

            // The directory is read a second time for what ZipArchive keeps to itself (methods, data offsets); the
            // two readings must agree entry by entry, or the archive is too damaged to trust either.
            var records = ZipDirectory.Read(file);
            if (records is null || records.Count != count || !archive.Entries.Select((e, i) => Agrees(e, records[i])).All(a => a))
            {
                archive.Dispose();
                return (null, Unreadable);
            }

            return (new SafeZipReader(archive, records, path, limits), null);
        }
        catch (InvalidDataException)
        {
            file?.Dispose();
            return (null, Unreadable);
        }
    }

    private static bool Agrees(ZipArchiveEntry entry, ZipDirectoryRecord record) =>
        entry.Length == record.Length && entry.CompressedLength == record.CompressedLength && entry.Crc32 == record.Crc32;

    /// <summary>A second handle on the archive file, one per opened entry, so entries never share a position.</summary>
    internal FileStream OpenFile() => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);

    /// <summary>The archive's file entries in stored order, each refused or readable; folders are skipped.</summary>
    public IEnumerable<SafeZipEntry> Entries()
    {
        foreach (var (entry, record) in archive.Entries.Zip(records))
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
            else if (!SafeZipEntry.IsReadable(record))
            {
                yield return SafeZipEntry.Refused(name!, "is compressed with a method this server does not read (use deflate or store).");
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
                yield return SafeZipEntry.Accepted(name!, record, this);
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
