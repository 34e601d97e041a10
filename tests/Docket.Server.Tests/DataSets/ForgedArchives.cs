using System.IO.Compression;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using Docket.Contracts.DataSets;
using Docket.Contracts.DataSets.Archive;
using Docket.Server.Common;
using Docket.Server.Features.DataSets.Archive;
using Docket.Server.Features.DataSets;

namespace Docket.Server.Tests.DataSets;

/// <summary>
/// Dataset archives changed as an attacker would change them: items rewritten, then the manifest's counts and content
/// hash recomputed the documented way (docs/dataset-format.md), so only the server's own checks stand in the way.
/// </summary>
internal static class ForgedArchives
{
    public static Dictionary<string, byte[]> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }

    public static byte[] Zip(Dictionary<string, byte[]> entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using var stream = archive.CreateEntry(name).Open();
                stream.Write(bytes);
            }
        }

        return buffer.ToArray();
    }

    public static List<DataSetArchiveFormat.Item> Items(Dictionary<string, byte[]> entries) =>
    [
        .. Encoding.UTF8.GetString(entries[DataSetArchiveFormat.ItemsEntry])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<DataSetArchiveFormat.Item>(line, DataSetArchiveFormat.Json)!),
    ];

    /// <summary>The archive with its items rewritten by <paramref name="forge"/>, and a manifest that agrees with them.</summary>
    public static byte[] Forge(byte[] zip, Func<List<DataSetArchiveFormat.Item>, List<DataSetArchiveFormat.Item>> forge)
    {
        var entries = Entries(zip);
        var manifest = JsonNode.Parse(entries[DataSetArchiveFormat.ManifestEntry])!.AsObject();
        var dataSet = manifest["dataSet"]!.AsObject();
        var ratio = dataSet["trainRatio"]!.GetValue<double>();
        var seed = dataSet["seed"]!.GetValue<int>();

        // The server re-splits what it stores: give each item the part it will get, and hash in the order it will use.
        var split = DataSetSplit.Apply(forge(Items(entries)), i => i.Sha256, i => i.Page, ratio, seed);
        using var hasher = new DataSetContentHasher();
        var lines = new StringBuilder();
        foreach (var (item, part) in split)
        {
            hasher.Append(item.Sha256, item.Page, part, item.Marking);
            lines.Append(JsonSerializer.Serialize(item with { Part = part }, DataSetArchiveFormat.Json)).Append('\n');
        }

        entries[DataSetArchiveFormat.ItemsEntry] = Encoding.UTF8.GetBytes(lines.ToString());
        var train = split.Count(s => s.Part == DataSetPart.Train);
        dataSet["itemCount"] = split.Count;
        dataSet["trainCount"] = train;
        dataSet["testCount"] = split.Count - train;
        dataSet["contentHash"] = hasher.Finish();
        entries[DataSetArchiveFormat.ManifestEntry] = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        return Zip(entries);
    }
}
