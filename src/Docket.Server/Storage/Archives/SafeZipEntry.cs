using System.IO.Compression;

namespace Docket.Server.Storage.Archives;

/// <summary>
/// One file entry of an uploaded zip: either refused (with the reason, in words a user can act on) or safe to
/// read, with a name that is a plain relative path.
/// </summary>
public sealed class SafeZipEntry
{
    private readonly ZipArchiveEntry? entry;
    private readonly SafeZipReader? reader;

    private SafeZipEntry(string name, string? refusal, ZipArchiveEntry? entry, SafeZipReader? reader)
    {
        Name = name;
        Refusal = refusal;
        this.entry = entry;
        this.reader = reader;
    }

    /// <summary>The entry's path inside the archive, '/'-separated (as stored when refused).</summary>
    public string Name { get; }

    /// <summary>Why the entry is not read; null when it may be.</summary>
    public string? Refusal { get; }

    /// <summary>The size the archive claims for the entry, inflated.</summary>
    public long DeclaredLength => entry?.Length ?? 0;

    internal static SafeZipEntry Refused(string name, string reason) => new(name, reason, null, null);

    internal static SafeZipEntry Accepted(string name, ZipArchiveEntry entry, SafeZipReader reader) => new(name, null, entry, reader);

    /// <summary>The inflated bytes, counted against the limits as they are read.</summary>
    public Stream Open()
    {
        if (entry is null || reader is null)
        {
            throw new InvalidOperationException($"The entry '{Name}' was refused: {Refusal}");
        }

        return new LimitedInflateStream(entry.Open(), entry.Length, reader);
    }
}
