using System.IO.Compression;
using System.Text.Json;
using Docket.Contracts.DataSets;
using Docket.Contracts.DataSets.Archive;
using Docket.Contracts.Markings;
using Docket.Server.Common;
using Docket.Server.Features.Markings;
using Docket.Server.Storage.Blobs;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.DataSets.Archive;

/// <summary>
/// Writes one version's zip in <see cref="DataSetArchiveFormat"/> straight into a new blob: manifest, scheme, the item
/// lines, then each page once. Items are read in keyset pages and every entry is streamed, so memory stays flat
/// however large the version; entries carry a fixed time, so equal content gives equal entries.
/// </summary>
internal sealed class DataSetArchiveWriter(DocketDbContext db, IBlobStore blobs)
{
    private const int PageSize = 200;
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private static readonly JsonSerializerOptions Indented = new(DataSetArchiveFormat.Json) { WriteIndented = true };

    /// <summary>
    /// Builds the zip; <paramref name="prepared"/> is called when an item's page is found, <paramref name="added"/>
    /// once it is in the zip. Nothing is kept unless the whole zip is written: the blob is committed last.
    /// </summary>
    public async Task<StoredBlob> WriteAsync(
        DataSetArchiveFormat.Manifest manifest,
        Guid versionId,
        DataSetSchemeSnapshot scheme,
        Action<DataSetArchiveEntry> prepared,
        Func<DataSetArchiveEntry, CancellationToken, Task> added,
        CancellationToken cancellationToken)
    {
        await using var blob = blobs.Create();
        // A blob stream cannot seek, so each entry is followed by a data descriptor instead of a patched header.
        var zip = await ZipArchive.CreateAsync(blob, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken);
        await using (zip)
        {
            await WriteJsonAsync(zip, DataSetArchiveFormat.ManifestEntry, manifest, cancellationToken);
            await WriteJsonAsync(zip, DataSetArchiveFormat.SchemeEntry, scheme.ToArchive(), cancellationToken);
            await WriteItemsAsync(zip, versionId, scheme, cancellationToken);
            await WriteImagesAsync(zip, versionId, prepared, added, cancellationToken);
        }

        return await blob.CommitAsync(cancellationToken);
    }

    private static async Task WriteJsonAsync<T>(ZipArchive zip, string name, T value, CancellationToken cancellationToken)
    {
        await using var stream = await Entry(zip, name, CompressionLevel.Optimal).OpenAsync(cancellationToken);
        await JsonSerializer.SerializeAsync(stream, value, Indented, cancellationToken);
        await stream.WriteAsync(NewLine, cancellationToken);
    }

    private async Task WriteItemsAsync(ZipArchive zip, Guid versionId, DataSetSchemeSnapshot scheme, CancellationToken cancellationToken)
    {
        await using var stream = await Entry(zip, DataSetArchiveFormat.ItemsEntry, CompressionLevel.Optimal).OpenAsync(cancellationToken);
        var after = -1;
        while (true)
        {
            var page = await db.DataSetItems.AsNoTracking()
                .Where(i => i.VersionId == versionId && i.Ordinal > after)
                .OrderBy(i => i.Ordinal)
                .Take(PageSize)
                .ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                return;
            }

            foreach (var item in page)
            {
                var line = new DataSetArchiveFormat.Item
                {
                    Image = DataSetArchiveFormat.ImageEntry(item.PageBlob, item.PageContentType),
                    Name = item.ImageName,
                    Sha256 = item.ImageSha256,
                    Page = item.PageNumber,
                    Width = item.Width,
                    Height = item.Height,
                    DpiX = item.DpiX,
                    DpiY = item.DpiY,
                    Rotation = item.Rotation,
                    Part = item.Part,
                    Marking = scheme.Named(MarkingContent.FromJson(item.Marking)),
                };
                await JsonSerializer.SerializeAsync(stream, line, DataSetArchiveFormat.Json, cancellationToken);
                await stream.WriteAsync(NewLine, cancellationToken);
            }

            after = page[^1].Ordinal;
        }
    }

    private async Task WriteImagesAsync(
        ZipArchive zip, Guid versionId, Action<DataSetArchiveEntry> prepared, Func<DataSetArchiveEntry, CancellationToken, Task> added,
        CancellationToken cancellationToken)
    {
        // Pages shared by several items (rare: the same bytes uploaded under two originals) are stored once.
        var written = new HashSet<string>(StringComparer.Ordinal);
        var after = -1;
        while (true)
        {
            var page = await db.DataSetItems.AsNoTracking()
                .Where(i => i.VersionId == versionId && i.Ordinal > after)
                .OrderBy(i => i.Ordinal)
                .Take(PageSize)
                .Select(i => new DataSetArchiveEntry(i.Ordinal, i.ImageId, i.ImageName, i.ImageSha256, i.PageNumber, i.PageBlob, i.PageContentType))
                .ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                return;
            }

            foreach (var item in page)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (written.Add(item.PageBlob))
                {
                    await using var content = blobs.OpenRead(item.PageBlob) ?? throw new DataSetArchiveException(
                        $"The page image of item {item.Ordinal} ('{item.ImageName}', page {item.PageNumber}) is missing from the blob store.");
                    prepared(item);
                    // Pages are PNG or JPEG, compressed already: storing them costs no space and saves the time.
                    var entry = Entry(zip, DataSetArchiveFormat.ImageEntry(item.PageBlob, item.PageContentType), CompressionLevel.NoCompression);
                    await using var stream = await entry.OpenAsync(cancellationToken);
                    await content.CopyToAsync(stream, cancellationToken);
                }
                else
                {
                    prepared(item);
                }

                await added(item, cancellationToken);
            }

            after = page[^1].Ordinal;
        }
    }

    private static ZipArchiveEntry Entry(ZipArchive zip, string name, CompressionLevel level)
    {
        var entry = zip.CreateEntry(name, level);
        entry.LastWriteTime = DataSetArchiveFormat.EntryTime;
        return entry;
    }
}
