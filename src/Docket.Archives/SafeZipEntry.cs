using System.IO.Compression;

namespace Docket.Archives;

/// <summary>
/// One file entry of an uploaded zip: either refused (with the reason, in words a user can act on) or safe to
/// read, with a name that is a plain relative path.
/// </summary>
public sealed class SafeZipEntry
{
    private const ushort Stored = 0;
    private const ushort Deflated = 8;

    private readonly ZipDirectoryRecord? record;
    private readonly SafeZipReader? reader;

    private SafeZipEntry(string name, string? refusal, ZipDirectoryRecord? record, SafeZipReader? reader)
    {
        Name = name;
        Refusal = refusal;
        this.record = record;
        this.reader = reader;
    }

    /// <summary>The entry's path inside the archive, '/'-separated (as stored when refused).</summary>
    public string Name { get; }

    /// <summary>Why the entry is not read; null when it may be.</summary>
    public string? Refusal { get; }

    /// <summary>The size the archive claims for the entry, inflated.</summary>
    public long DeclaredLength => record?.Length ?? 0;

    /// <summary>Whether the server inflates this compression method itself (the only ones it accepts).</summary>
    internal static bool IsReadable(ZipDirectoryRecord record) => record.Method is Stored or Deflated;

    internal static SafeZipEntry Refused(string name, string reason) => new(name, reason, null, null);

    internal static SafeZipEntry Accepted(string name, ZipDirectoryRecord record, SafeZipReader reader) => new(name, null, record, reader);

    /// <summary>
    /// The inflated bytes, counted against the limits as they are read and checked against the declared size and
    /// CRC-32 (<see cref="ZipEntryDamagedException"/>). The data is inflated here rather than by
    /// <see cref="ZipArchiveEntry.Open()"/>, which stops at the declared size and so hides the bytes past it.
    /// </summary>
    public Stream Open()
    {
        if (record is null || reader is null)
        {
            throw new InvalidOperationException($"The entry '{Name}' was refused: {Refusal}");
        }

        var file = reader.OpenFile();
        try
        {
            var start = ZipDirectory.DataOffset(file, record)
                ?? throw new ZipEntryDamagedException(Name, "is damaged: its local header is missing or its data runs past the end of the archive.");
            Stream data = new EntryDataStream(file, start, record.CompressedLength);
            if (record.Method == Deflated)
            {
                data = new DeflateStream(data, CompressionMode.Decompress, leaveOpen: false);
            }

            return new LimitedInflateStream(data, Name, record.Length, record.Crc32, reader);
        }
        catch (IOException)
        {
            file.Dispose();
            throw new ZipEntryDamagedException(Name, "is damaged: its local header cannot be read.");
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
