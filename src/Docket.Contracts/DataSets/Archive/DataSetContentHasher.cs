using System.Security.Cryptography;
using System.Text.Json;

namespace Docket.Contracts.DataSets.Archive;

/// <summary>
/// A dataset version's content hash: SHA-256 over one JSON line per item, in item order, of the original's SHA-256,
/// the page, the part and the marking with fields by name (sorted ordinally). Ids, names of images and the scheme's
/// other settings are left out, so equal content hashes equally whether it was marked here or imported. From archive
/// format version 2 each line is in RFC 8785's canonical form (<see cref="CanonicalJson"/>), which any language can
/// reproduce; format version 1 hashed .NET's serializer output and is kept only to check archives of that version.
/// </summary>
public sealed class DataSetContentHasher : IDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    // Format version 1's lines: the serializer's default escaping (non-ASCII and HTML-sensitive characters as \uXXXX).
    private static readonly JsonSerializerOptions Version1 = new(DataSetArchiveFormat.Json) { Encoder = null };

    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly int formatVersion;

    /// <summary>A hasher by the recipe of archive format <paramref name="formatVersion"/> (1 or 2; the current one by default).</summary>
    public DataSetContentHasher(int formatVersion = DataSetArchiveFormat.FormatVersion)
    {
        if (formatVersion is < 1 or > DataSetArchiveFormat.FormatVersion)
        {
            throw new ArgumentOutOfRangeException(nameof(formatVersion), formatVersion, "No such dataset archive format version.");
        }

        this.formatVersion = formatVersion;
    }

    public void Append(string sha256, int page, DataSetPart part, DataSetArchiveFormat.Marking marking)
    {
        var canonical = marking with { Fields = [.. marking.Fields.OrderBy(f => f.Field, StringComparer.Ordinal)] };
        var line = new Line(sha256, page, part, canonical);
        hash.AppendData(formatVersion == 1
            ? JsonSerializer.SerializeToUtf8Bytes(line, Version1)
            : CanonicalJson.Serialize(JsonSerializer.SerializeToElement(line, DataSetArchiveFormat.Json)));
        hash.AppendData(NewLine);
    }

    /// <summary>The hash in lowercase hex.</summary>
    public string Finish() => Convert.ToHexStringLower(hash.GetHashAndReset());

    public void Dispose() => hash.Dispose();

    private sealed record Line(string Sha256, int Page, DataSetPart Part, DataSetArchiveFormat.Marking Marking);
}
