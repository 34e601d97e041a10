using System.Text.Json;
using System.Text.RegularExpressions;
using Docket.Archives;
using Docket.Contracts.DataSets;
using Docket.Contracts.DataSets.Archive;
using Docket.Server.Common;
using Docket.Server.Features.Images;
using Docket.Server.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.DataSets.Archive;

/// <summary>
/// Reads an uploaded dataset archive (docs/dataset-format.md) and checks everything that needs no database: the
/// zip itself (through <see cref="SafeZipReader"/>), the manifest's format and counts, the scheme, every item line,
/// and every page image (kept in the blob store under its SHA-256, which must be its name, and decoded, which must
/// give the size the item says). Any problem refuses the whole archive, with the reason.
/// </summary>
public sealed partial class DataSetArchiveReader(IBlobStore blobs, PageDecoder decoder, IOptions<ImageDataOptions> imageOptions)
{
    // Manifest, scheme and one item line are small; anything bigger is not an archive this server wrote.
    private const long MaxDocumentBytes = 4 * 1024 * 1024;
    private const int MaxLineLength = 1024 * 1024;

    public async Task<(ImportedArchive? Archive, string? Error)> ReadAsync(string zipPath, CancellationToken cancellationToken)
    {
        var (reader, error) = SafeZipReader.Open(zipPath, imageOptions.Value.Archive);
        if (reader is null)
        {
            return (null, error);
        }

        using (reader)
        {
            var entries = new Dictionary<string, SafeZipEntry>(StringComparer.Ordinal);
            foreach (var entry in reader.Entries())
            {
                if (entry.Refusal is not null)
                {
                    return (null, $"The entry '{entry.Name}' {entry.Refusal}");
                }

                entries[entry.Name] = entry;
            }

            try
            {
                return await ReadEntriesAsync(entries, cancellationToken);
            }
            catch (JsonException exception)
            {
                return (null, $"The archive's JSON is not of format version {DataSetArchiveFormat.OldestReadableFormatVersion} to {DataSetArchiveFormat.FormatVersion}: {exception.Message}");
            }
            catch (ZipLimitExceededException limit)
            {
                return (null, limit.Message);
            }
            catch (ZipEntryDamagedException damaged)
            {
                return (null, $"The entry '{damaged.EntryName}' {damaged.Message}");
            }
            catch (InvalidDataException)
            {
                return (null, "The archive is corrupt: an entry's data does not inflate.");
            }
        }
    }

    private async Task<(ImportedArchive?, string?)> ReadEntriesAsync(Dictionary<string, SafeZipEntry> entries, CancellationToken cancellationToken)
    {
        var manifest = await DocumentAsync<DataSetArchiveFormat.Manifest>(entries, DataSetArchiveFormat.ManifestEntry, cancellationToken);
        if (manifest.Format != DataSetArchiveFormat.FormatName)
        {
            return (null, $"manifest.json names the format '{manifest.Format}', not '{DataSetArchiveFormat.FormatName}'.");
        }

        // Version 1 differs from 2 only in its escaping, which a JSON reader does not see, and in its content hash's
        // recipe, which the import picks by the manifest's version.
        if (manifest.FormatVersion is < DataSetArchiveFormat.OldestReadableFormatVersion or > DataSetArchiveFormat.FormatVersion)
        {
            return (null, $"The archive is of format version {manifest.FormatVersion}; this server reads versions "
                + $"{DataSetArchiveFormat.OldestReadableFormatVersion} to {DataSetArchiveFormat.FormatVersion}.");
        }

        var scheme = await DocumentAsync<DataSetArchiveFormat.Scheme>(entries, DataSetArchiveFormat.SchemeEntry, cancellationToken);
        if (!entries.TryGetValue(DataSetArchiveFormat.ItemsEntry, out var itemsEntry))
        {
            return (null, $"The archive has no {DataSetArchiveFormat.ItemsEntry}.");
        }

        var items = new List<ImportedItem>();
        var pages = new Dictionary<string, (DecodedPage Page, long Size)>(StringComparer.Ordinal);
        await using (var stream = itemsEntry.Open())
        {
            using var lines = new StreamReader(stream);
            var number = 0;
            while (await lines.ReadLineAsync(cancellationToken) is { } line)
            {
                number++;
                if (line.Length == 0)
                {
                    continue;
                }

                if (line.Length > MaxLineLength)
                {
                    return (null, $"items.ndjson line {number} is longer than {MaxLineLength} characters.");
                }

                var item = JsonSerializer.Deserialize<DataSetArchiveFormat.Item>(line, DataSetArchiveFormat.Json)
                    ?? throw new JsonException($"items.ndjson line {number} is null.");
                if (items.Count >= imageOptions.Value.Archive.MaxEntries)
                {
                    return (null, $"The archive has more than {imageOptions.Value.Archive.MaxEntries} items.");
                }

                if (!pages.TryGetValue(item.Image, out var page))
                {
                    var (kept, problem) = await KeepPageAsync(entries, item, number, cancellationToken);
                    if (problem is not null)
                    {
                        return (null, problem);
                    }

                    page = kept;
                    pages[item.Image] = page;
                }

                if (page.Page.Width != item.Width || page.Page.Height != item.Height)
                {
                    return (null, $"items.ndjson line {number}: {item.Image} is {page.Page.Width}×{page.Page.Height} pixels, not {item.Width}×{item.Height}.");
                }

                if (!BlobKeys.IsValid(item.Sha256) || item.Page < 1)
                {
                    return (null, $"items.ndjson line {number}: sha256 must be 64 lowercase hexadecimal digits and page at least 1.");
                }

                items.Add(new ImportedItem(item, page.Page, page.Size));
            }
        }

        var train = items.Count(i => i.Item.Part == DataSetPart.Train);
        if (manifest.DataSet.ItemCount != items.Count || manifest.DataSet.TrainCount != train || manifest.DataSet.TestCount != items.Count - train)
        {
            return (null, $"manifest.json counts {manifest.DataSet.ItemCount} items ({manifest.DataSet.TrainCount} train, {manifest.DataSet.TestCount} test); "
                + $"items.ndjson has {items.Count} ({train} train, {items.Count - train} test).");
        }

        if (items.Count == 0)
        {
            return (null, "The archive holds no items.");
        }

        return (new ImportedArchive(manifest, scheme, items), null);
    }

    /// <summary>Keeps an item's page image and decodes it; its entry must be named by the SHA-256 of its bytes.</summary>
    private async Task<((DecodedPage, long), string?)> KeepPageAsync(
        Dictionary<string, SafeZipEntry> entries, DataSetArchiveFormat.Item item, int line, CancellationToken cancellationToken)
    {
        var name = ImageEntryName().Match(item.Image);
        if (!name.Success || !entries.TryGetValue(item.Image, out var entry))
        {
            return (default, $"items.ndjson line {line}: the image '{item.Image}' is not in the archive.");
        }

        StoredBlob stored;
        await using (var content = entry.Open())
        {
            stored = await blobs.PutAsync(content, cancellationToken);
        }

        if (stored.Key != name.Groups["sha"].Value)
        {
            return (default, $"{item.Image} does not hold the bytes its name says (its SHA-256 is {stored.Key}).");
        }

        var format = name.Groups["ext"].Value == "png" ? ImageFormat.Png : ImageFormat.Jpeg;
        var decoding = await decoder.DecodeAsync(stored.Key, format, cancellationToken);
        return decoding.Refusal is not null
            ? (default, $"{item.Image} {decoding.Refusal}")
            : ((decoding.Pages[0], stored.Size), null);
    }

    private static async Task<T> DocumentAsync<T>(Dictionary<string, SafeZipEntry> entries, string name, CancellationToken cancellationToken)
    {
        if (!entries.TryGetValue(name, out var entry))
        {
            throw new JsonException($"the archive has no {name}.");
        }

        if (entry.DeclaredLength > MaxDocumentBytes)
        {
            throw new JsonException($"{name} is larger than {MaxDocumentBytes} bytes.");
        }

        await using var stream = entry.Open();
        return await JsonSerializer.DeserializeAsync<T>(stream, DataSetArchiveFormat.Json, cancellationToken)
            ?? throw new JsonException($"{name} is null.");
    }

    [GeneratedRegex("^images/(?<sha>[0-9a-f]{64})\\.(?<ext>png|jpg)$")]
    private static partial Regex ImageEntryName();
}
