using System.Security.Cryptography;
using System.Text.Json;

namespace Docket.Contracts.DataSets.Archive;

/// <summary>
/// A dataset version's content hash: SHA-256 over one canonical JSON line per item, in item order, of the original's
/// SHA-256, the page, the part and the marking with fields by name (sorted ordinally). Ids, names of images and the
/// scheme's other settings are left out, so equal content hashes equally whether it was marked here or imported.
/// </summary>
public sealed class DataSetContentHasher : IDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public void Append(string sha256, int page, DataSetPart part, DataSetArchiveFormat.Marking marking)
    {
        var canonical = marking with { Fields = [.. marking.Fields.OrderBy(f => f.Field, StringComparer.Ordinal)] };
        hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(new Line(sha256, page, part, canonical), DataSetArchiveFormat.Json));
        hash.AppendData(NewLine);
    }

    /// <summary>The hash in lowercase hex.</summary>
    public string Finish() => Convert.ToHexStringLower(hash.GetHashAndReset());

    public void Dispose() => hash.Dispose();

    private sealed record Line(string Sha256, int Page, DataSetPart Part, DataSetArchiveFormat.Marking Marking);
}
