using Docket.Contracts.DataSets;
using Docket.Contracts.DataSets.Archive;
using Docket.Contracts.Images;
using Docket.Contracts.MarkingSchemes;
using Docket.Contracts.Markings;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Features.Images;
using Docket.Server.Features.MarkingSchemes;
using Docket.Server.Features.Markings;
using Docket.Server.Features.Projects;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage.Blobs;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.DataSets.Archive;

/// <summary>
/// Imports a dataset archive into a project, all or nothing (12009, then 12010 or 12011). The archive is read and
/// checked first, outside any transaction (<see cref="DataSetArchiveReader"/>); then one transaction makes a new
/// marking scheme, the images the project does not have yet (recognized by original, page and page bytes), their
/// markings and the dataset with version 1, through the same services and checks as the API, each with its own events
/// (the images through the image area, so their 4000 reads as an upload's).
/// The version's content hash must equal the manifest's, or nothing is kept.
/// </summary>
public sealed class DataSetImport(
    DocketDbContext db,
    IJournal journal,
    IBlobStore blobs,
    DataSetArchiveReader reader,
    ImageService images,
    ImageQueries imageQueries,
    MarkingSchemeService schemes,
    MarkingSchemeQueries schemeQueries,
    MarkingService markings,
    DataSetService dataSets)
{
    private const int NameLength = 200;

    /// <summary>Keeps the uploaded archive and records 12009; the caller then calls <see cref="ImportAsync"/>.</summary>
    public async Task<StoredBlob?> ReceiveAsync(Project project, string name, Stream body, CancellationToken cancellationToken)
    {
        StoredBlob stored;
        await using (var writer = blobs.Create())
        {
            await body.CopyToAsync(writer, cancellationToken);
            if (writer.Length == 0)
            {
                return null;
            }

            stored = await writer.CommitAsync(cancellationToken);
        }

        await journal.RecordNowAsync(EventCode.DataSetArchiveUploaded, Describe(project, name, new { name, stored.Size, sha256 = stored.Key }), cancellationToken);
        return stored;
    }

    public async Task<Result<DataSetResponse>> ImportAsync(Caller caller, Project project, string name, StoredBlob archive, CancellationToken cancellationToken)
    {
        var (read, error) = await reader.ReadAsync(blobs.PathOf(archive.Key)!, cancellationToken);
        Result<DataSetResponse> result;
        try
        {
            result = read is null ? Failed(error!) : await StoreAsync(caller, project, read, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Rolled back with its transaction: someone changed the project at the same moment (a name, an image).
            result = Failed("The project changed while the archive was being stored; nothing was kept. Try again.");
        }

        if (result.Error is { } failure)
        {
            db.DiscardPending();
            await journal.RecordNowAsync(EventCode.DataSetArchiveImportFailed, Describe(project, name, new { name, reason = failure.Detail }, $"{name}: {failure.Detail}"), cancellationToken);
        }

        return result;
    }

    private async Task<Result<DataSetResponse>> StoreAsync(Caller caller, Project project, ImportedArchive archive, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var scheme = await schemes.CreateAsync(caller, project.Id, SchemeRequest(archive.Scheme, await FreeSchemeNameAsync(project, archive.Scheme.Name, cancellationToken)), cancellationToken);
        if (scheme.Error is not null)
        {
            return Failed($"scheme.json: {Reason(scheme.Error)}");
        }

        var images = await ImagesAsync(caller, project, archive, cancellationToken);
        if (images.Error is not null)
        {
            return images.Error;
        }

        var imageIds = images.Value!;
        for (var i = 0; i < archive.Items.Count; i++)
        {
            var marking = await markings.PutAsync(caller, imageIds[i], scheme.Value!.Id, MarkingRequest(archive.Items[i].Item.Marking), _ => true, cancellationToken);
            if (marking.Error is not null)
            {
                return Failed($"items.ndjson item {i + 1} ({archive.Items[i].Item.Name}): {Reason(marking.Error)}");
            }
        }

        var manifest = archive.Manifest.DataSet;
        var created = await dataSets.CreateAsync(caller, project.Id, new CreateDataSetRequest
        {
            Name = await FreeDataSetNameAsync(project, manifest.Name, cancellationToken),
            Description = manifest.Description,
            SchemeId = scheme.Value!.Id,
            TrainRatio = manifest.TrainRatio,
            Seed = manifest.Seed,
            ImageIds = imageIds.Distinct().ToList(),
        }, cancellationToken);
        if (created.Error is not null)
        {
            return Failed(Reason(created.Error));
        }

        // The split and the hash are recomputed here from the markings as stored: equal to the manifest's only if
        // the archive's parts, pages and markings all came through unchanged. The version keeps the current recipe's
        // hash; an archive of an older format version is checked by its own version's recipe.
        var contentHash = archive.Manifest.FormatVersion == DataSetArchiveFormat.FormatVersion
            ? created.Value!.CurrentVersion!.ContentHash
            : await OlderContentHashAsync(created.Value!.Id, archive.Manifest.FormatVersion, cancellationToken);
        if (contentHash != manifest.ContentHash)
        {
            return Failed($"The imported content does not match the manifest's content hash ({manifest.ContentHash}): the archive was changed or damaged.");
        }

        journal.Record(EventCode.DataSetArchiveImportSucceed, new JournalEvent
        {
            TenantId = project.TenantId,
            ProjectId = project.Id,
            EntityKind = nameof(DataSet),
            EntityId = created.Value.Id.ToString(),
            Text = created.Value.Name,
            Data = created.Value,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return created.Value;
    }

    private async Task<string> OlderContentHashAsync(Guid dataSetId, int formatVersion, CancellationToken cancellationToken)
    {
        var version = await db.DataSetVersions.AsNoTracking()
            .Where(v => v.DataSetId == dataSetId)
            .Select(v => new { v.Id, v.Scheme })
            .SingleAsync(cancellationToken);
        return await DataSetVersionHashes.ComputeAsync(db, version.Id, DataSetSchemeSnapshot.FromJson(version.Scheme), formatVersion, cancellationToken);
    }

    /// <summary>
    /// The project's image for each item: one it already has with the same original, page number and page bytes, or a
    /// new one (4000). An item's <c>sha256</c> is only the archive's word, so it never ties the item to an image by
    /// itself: the page bytes, hashed here from the archive, must be that image's too, or the import is refused.
    /// </summary>
    private async Task<Result<Guid[]>> ImagesAsync(Caller caller, Project project, ImportedArchive archive, CancellationToken cancellationToken)
    {
        var ids = new Guid[archive.Items.Count];
        var known = await ExistingImagesAsync(project, archive, cancellationToken);
        var pageCounts = archive.Items.GroupBy(i => i.Item.Sha256).ToDictionary(g => g.Key, g => g.Max(i => i.Item.Page));
        for (var i = 0; i < archive.Items.Count; i++)
        {
            var (item, page, size) = archive.Items[i];
            Guid? existing = null;
            if (known.TryGetValue((item.Sha256, item.Page), out var held))
            {
                if (held.PageBlob != page.PageBlob)
                {
                    return Failed($"items.ndjson item {i + 1} ({item.Name}): the project's image of original {item.Sha256} page {item.Page} has other page bytes "
                        + "than the archive gives; an item is tied to an image only by the same page bytes.");
                }

                existing = held.Id;
            }

            existing ??= images.AddImported(caller, project, new ImportedPage
            {
                Name = item.Name,
                Sha256 = item.Sha256,
                Size = size,
                PageNumber = item.Page,
                PageCount = pageCounts[item.Sha256],
                Page = page,
                DpiX = item.DpiX,
                DpiY = item.DpiY,
                Rotation = item.Rotation,
            });
            ids[i] = existing.Value;
            known[(item.Sha256, item.Page)] = new KnownImage(existing.Value, page.PageBlob);
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return ids;
    }

    /// <summary>The project's images that have an archive item's original and page number, looked up a chunk of originals at a time.</summary>
    private async Task<Dictionary<(string Sha256, int Page), KnownImage>> ExistingImagesAsync(Project project, ImportedArchive archive, CancellationToken cancellationToken)
    {
        var known = new Dictionary<(string, int), KnownImage>();
        foreach (var chunk in archive.Items.Select(i => i.Item.Sha256).Distinct().Chunk(500))
        {
            var held = await imageQueries.InProject(project.Id)
                .Where(x => chunk.Contains(x.Sha256))
                .Select(x => new { x.Sha256, x.PageNumber, x.Id, x.PageBlob })
                .ToListAsync(cancellationToken);
            foreach (var image in held)
            {
                known[(image.Sha256, image.PageNumber)] = new KnownImage(image.Id, image.PageBlob);
            }
        }

        return known;
    }

    private static CreateMarkingSchemeRequest SchemeRequest(DataSetArchiveFormat.Scheme scheme, string name) => new()
    {
        Name = name,
        Description = scheme.Description,
        Kind = scheme.Kind,
        Fields = [.. scheme.Fields.Select(f => new MarkingFieldRequest
        {
            Name = f.Name,
            Description = f.Description,
            Type = f.Type,
            Language = f.Language,
            Orientation = f.Orientation,
            MultiLine = f.MultiLine,
            Required = f.Required,
            FormatPattern = f.FormatPattern,
            Columns = f.Columns.Count == 0 ? null : [.. f.Columns.Select(c => new MarkingFieldColumnRequest
            {
                Name = c.Name,
                Type = c.Type,
                Language = c.Language,
                Required = c.Required,
                FormatPattern = c.FormatPattern,
            })],
        })],
    };

    private static MarkingRequest MarkingRequest(DataSetArchiveFormat.Marking marking) => new()
    {
        DocumentType = marking.DocumentType,
        Fields = marking.DocumentType is not null && marking.Fields.Count == 0 ? null : [.. marking.Fields.Select(f => new MarkingValueRequest
        {
            Field = f.Field,
            Value = f.Value,
            Boxes = [.. f.Boxes.Select(Box)],
            Rows = f.Rows?.Select(r => new MarkingRow { Cells = [.. r.Cells.Select(c => new MarkingCell { Column = c.Column, Value = c.Value, Boxes = [.. c.Boxes.Select(Box)] })] }).ToList(),
        })],
    };

    private static MarkingBox Box(DataSetArchiveFormat.Box b) => new(b.X, b.Y, b.Width, b.Height);

    /// <summary>The archive's name if the project has none such, else the first free "name (imported N)".</summary>
    private async Task<string> FreeSchemeNameAsync(Project project, string name, CancellationToken cancellationToken) =>
        await FreeNameAsync(name, candidate => schemeQueries.NameTakenAsync(project.Id, candidate, cancellationToken));

    private async Task<string> FreeDataSetNameAsync(Project project, string name, CancellationToken cancellationToken) =>
        await FreeNameAsync(name, candidate => db.DataSets.AnyAsync(d => d.ProjectId == project.Id && d.NormalizedName == candidate, cancellationToken));

    private static async Task<string> FreeNameAsync(string name, Func<string, Task<bool>> taken)
    {
        var trimmed = name.Trim();
        for (var n = 1; ; n++)
        {
            var suffix = n switch { 1 => string.Empty, 2 => " (imported)", _ => $" (imported {n - 1})" };
            var candidate = trimmed.Length + suffix.Length > NameLength ? trimmed[..(NameLength - suffix.Length)] + suffix : trimmed + suffix;
            if (candidate.Length == 0 || !await taken(TextRules.Normalize(candidate)))
            {
                return candidate;
            }
        }
    }

    private static ApiError Failed(string reason) =>
        new(StatusCodes.Status422UnprocessableEntity, "The archive was not imported", reason);

    private static string Reason(ApiError error) =>
        error.Errors is { Count: > 0 } errors
            ? $"{error.Detail} {string.Join("; ", errors.Select(e => $"{e.Key} {string.Join(' ', e.Value)}"))}"
            : error.Detail;

    private static JournalEvent Describe(Project project, string name, object data, string? text = null) => new()
    {
        TenantId = project.TenantId,
        ProjectId = project.Id,
        EntityKind = nameof(DataSet),
        Text = text ?? name,
        Data = data,
    };

    /// <summary>An image the project holds, and the page bytes (blob) an item must have to be tied to it.</summary>
    private sealed record KnownImage(Guid Id, string PageBlob);
}
