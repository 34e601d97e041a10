using System.Globalization;
using Docket.Contracts.Common;
using Docket.Contracts.DataSets;
using Docket.Contracts.DataSets.Archive;
using Docket.Contracts.Markings;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Features.DataSets.Archive;
using Docket.Server.Features.Images;
using Docket.Server.Features.MarkingSchemes;
using Docket.Server.Features.Markings;
using Docket.Server.Features.Projects;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage.Blobs;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.DataSets;

/// <summary>
/// Datasets (12000-12002): versions frozen from a scheme's markings (one 11002 per marking placed), their items, and
/// requests for their archives, which <see cref="Archive.DataSetArchiveBuilder"/> builds. Every read and write is scoped
/// to what the caller may see; another tenant's dataset is reported missing.
/// </summary>
public sealed class DataSetService(
    DocketDbContext db,
    IJournal journal,
    IBlobStore blobs,
    OperationContext operation,
    DataSetArchiveSignal archiveSignal,
    ProjectQueries projects,
    ImageQueries images,
    MarkingSchemeQueries schemes,
    MarkingQueries markings,
    TimeProvider time)
{
    private const int MaxPage = 500;
    private const int MaxItemPage = 1000;
    private const int MaxImageIds = 100_000;
    private const double DefaultTrainRatio = 0.8;

    public async Task<Result<Page<DataSetResponse>>> ListAsync(
        Caller caller, Guid? tenantId, Guid? projectId, string? search, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = Paging.Limit(limit, MaxPage, errors);
        var after = Paging.IdCursor(cursor, errors);

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var query = db.DataSets.AsNoTracking();
        if (caller.ListScope(tenantId) is { } scope)
        {
            query = query.Where(d => d.TenantId == scope);
        }

        if (projectId is { } project)
        {
            query = query.Where(d => d.ProjectId == project);
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            var normalized = TextRules.Normalize(search.Trim());
            query = query.Where(d => d.NormalizedName.Contains(normalized));
        }

        if (after is { } a)
        {
            // Ids are UUIDv7: ordering by id is ordering by creation.
            query = query.Where(d => d.Id.CompareTo(a) > 0);
        }

        var items = await query.OrderBy(d => d.Id).Take(take!.Value + 1).ToListAsync(cancellationToken);
        var next = items.Count > take ? items[take.Value - 1].Id.ToString() : null;
        var shown = items.Take(take.Value).ToList();
        var current = await CurrentVersionsAsync([.. shown.Select(d => d.Id)], cancellationToken);
        return new Page<DataSetResponse>([.. shown.Select(d => DataSetResponse.From(d, current.GetValueOrDefault(d.Id)))], next);
    }

    public async Task<Result<DataSetResponse>> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var dataSet = await FindAsync(caller, id, cancellationToken);
        if (dataSet is null)
        {
            return ApiError.NotFound("The dataset");
        }

        var current = await CurrentVersionsAsync([dataSet.Id], cancellationToken);
        return DataSetResponse.From(dataSet, current.GetValueOrDefault(dataSet.Id));
    }

    public async Task<Result<DataSetResponse>> CreateAsync(Caller caller, Guid projectId, CreateDataSetRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = TextRules.Name(request.Name, "name", 200, errors);
        var description = TextRules.OptionalText(request.Description, "description", 4000, errors);
        var ratio = Ratio(request.TrainRatio ?? DefaultTrainRatio, errors);
        var imageIds = ImageIds(request.ImageIds, errors);
        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var project = await projects.FindAsync(caller, projectId, cancellationToken);
        if (project is null)
        {
            return ApiError.NotFound("The project");
        }

        var scheme = await SchemeAsync(request.SchemeId, projectId, cancellationToken);
        if (scheme is null)
        {
            return ApiError.Invalid("schemeId", "names no marking scheme of the project.");
        }

        var normalized = TextRules.Normalize(name!);
        if (await db.DataSets.AnyAsync(d => d.ProjectId == projectId && d.NormalizedName == normalized, cancellationToken))
        {
            return ApiError.Conflict($"A dataset named '{name}' already exists in the project.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var dataSet = new DataSet
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            TenantId = project.TenantId,
            ProjectId = projectId,
            SchemeId = scheme.Id,
            Name = name!,
            NormalizedName = normalized,
            Description = description,
            CurrentVersion = 1,
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = caller.UserId,
        };
        var draft = await DraftAsync(dataSet, 1, scheme, ratio, request.Seed ?? Random.Shared.Next(), imageIds, caller, cancellationToken);
        if (draft.Error is not null)
        {
            return draft.Error;
        }

        db.DataSets.Add(dataSet);
        var response = DataSetResponse.From(dataSet, draft.Value!);
        journal.Record(EventCode.DataSetCreated, Describe(dataSet, response, dataSet.Name));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return response;
        }
        catch (DbUpdateException)
        {
            // Two requests raced for the same name and the unique index let one through.
            if (await NameTakenAsync(dataSet, cancellationToken))
            {
                return ApiError.Conflict($"A dataset named '{dataSet.Name}' already exists in the project.");
            }

            throw;
        }
    }

    public async Task<Result<DataSetResponse>> UpdateAsync(
        Caller caller, Guid id, UpdateDataSetRequest request, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var dataSet = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (dataSet is null)
        {
            return ApiError.NotFound("The dataset");
        }

        if (!ifMatch(dataSet.ConcurrencyStamp))
        {
            return ApiError.PreconditionFailed();
        }

        var errors = new Dictionary<string, string[]>();
        var name = TextRules.Name(request.Name, "name", 200, errors);
        var description = TextRules.OptionalText(request.Description, "description", 4000, errors);
        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var normalized = TextRules.Normalize(name!);
        if (normalized != dataSet.NormalizedName
            && await db.DataSets.AnyAsync(d => d.ProjectId == dataSet.ProjectId && d.NormalizedName == normalized, cancellationToken))
        {
            return ApiError.Conflict($"A dataset named '{name}' already exists in the project.");
        }

        dataSet.Name = name!;
        dataSet.NormalizedName = normalized;
        dataSet.Description = description;
        dataSet.UpdatedAt = time.GetUtcNow().UtcDateTime;
        dataSet.ConcurrencyStamp = Guid.NewGuid();
        var current = await CurrentVersionsAsync([dataSet.Id], cancellationToken);
        var response = DataSetResponse.From(dataSet, current.GetValueOrDefault(dataSet.Id));
        journal.Record(EventCode.DataSetUpdated, Describe(dataSet, response, dataSet.Name));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return response;
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiError.PreconditionFailed();
        }
        catch (DbUpdateException)
        {
            if (await NameTakenAsync(dataSet, cancellationToken))
            {
                return ApiError.Conflict($"A dataset named '{dataSet.Name}' already exists in the project.");
            }

            throw;
        }
    }

    /// <summary>Removes the dataset with its versions, items and archives (the database cascades); their blobs are left to the collector.</summary>
    public async Task<ApiError?> DeleteAsync(Caller caller, Guid id, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var dataSet = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (dataSet is null)
        {
            return ApiError.NotFound("The dataset");
        }

        if (!ifMatch(dataSet.ConcurrencyStamp))
        {
            return ApiError.PreconditionFailed();
        }

        var current = await CurrentVersionsAsync([dataSet.Id], cancellationToken);
        db.DataSets.Remove(dataSet);
        journal.Record(EventCode.DataSetRemoved, Describe(dataSet, DataSetResponse.From(dataSet, current.GetValueOrDefault(dataSet.Id)), dataSet.Name));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiError.PreconditionFailed();
        }
    }

    /// <summary>Freezes the scheme's current markings as the next version (12001, and 11002 for each marking placed).</summary>
    public async Task<Result<DataSetVersionResponse>> CreateVersionAsync(
        Caller caller, Guid id, CreateDataSetVersionRequest request, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var dataSet = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (dataSet is null)
        {
            return ApiError.NotFound("The dataset");
        }

        if (!ifMatch(dataSet.ConcurrencyStamp))
        {
            return ApiError.PreconditionFailed();
        }

        var previous = await db.DataSetVersions.AsNoTracking()
            .Where(v => v.DataSetId == id && v.Number == dataSet.CurrentVersion)
            .Select(v => new { v.TrainRatio, v.Seed })
            .FirstOrDefaultAsync(cancellationToken);
        var errors = new Dictionary<string, string[]>();
        var ratio = Ratio(request.TrainRatio ?? previous?.TrainRatio ?? DefaultTrainRatio, errors);
        var imageIds = ImageIds(request.ImageIds, errors);
        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var scheme = await SchemeAsync(dataSet.SchemeId, dataSet.ProjectId, cancellationToken);
        if (scheme is null)
        {
            return ApiError.Conflict("The dataset's marking scheme no longer exists.");
        }

        var number = dataSet.CurrentVersion + 1;
        var draft = await DraftAsync(dataSet, number, scheme, ratio, request.Seed ?? previous?.Seed ?? Random.Shared.Next(), imageIds, caller, cancellationToken);
        if (draft.Error is not null)
        {
            return draft.Error;
        }

        dataSet.CurrentVersion = number;
        dataSet.UpdatedAt = time.GetUtcNow().UtcDateTime;
        dataSet.ConcurrencyStamp = Guid.NewGuid();
        journal.Record(EventCode.DataSetUpdated, Describe(dataSet, DataSetResponse.From(dataSet, draft.Value!), $"{dataSet.Name}: version {number}"));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return DataSetVersionResponse.From(draft.Value!, withScheme: true);
        }
        catch (DbUpdateException)
        {
            // The stamp or the (dataset, number) index caught a version made at the same time.
            return ApiError.Conflict("Another version of the dataset was made at the same time; read it and try again.");
        }
    }

    public async Task<Result<DataSetVersionResponse[]>> ListVersionsAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        if (await FindAsync(caller, id, cancellationToken) is null)
        {
            return ApiError.NotFound("The dataset");
        }

        var versions = await db.DataSetVersions.AsNoTracking().Where(v => v.DataSetId == id).OrderBy(v => v.Number).ToListAsync(cancellationToken);
        return versions.Select(v => DataSetVersionResponse.From(v, withScheme: true)).ToArray();
    }

    public async Task<Result<Page<DataSetItemResponse>>> ListItemsAsync(
        Caller caller, Guid id, int number, DataSetPart? part, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = Paging.Limit(limit, MaxItemPage, errors);
        var after = -1;
        if (cursor is not null && !(int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out after) && after >= 0))
        {
            errors["cursor"] = [Paging.NotACursor];
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var version = await VersionAsync(caller, id, number, cancellationToken);
        if (version.Error is not null)
        {
            return version.Error;
        }

        var versionId = version.Value!.Id;
        var query = db.DataSetItems.AsNoTracking().Where(i => i.VersionId == versionId && i.Ordinal > after);
        if (part is { } p)
        {
            query = query.Where(i => i.Part == p);
        }

        var items = await query.OrderBy(i => i.Ordinal).Take(take!.Value + 1).ToListAsync(cancellationToken);
        var next = items.Count > take ? items[take.Value - 1].Ordinal.ToString(CultureInfo.InvariantCulture) : null;
        return new Page<DataSetItemResponse>([.. items.Take(take.Value).Select(DataSetItemResponse.From)], next);
    }

    /// <summary>Queues an archive build of a version; the build's events carry this request's operation key.</summary>
    public async Task<Result<DataSetArchiveResponse>> RequestArchiveAsync(Caller caller, Guid id, int number, CancellationToken cancellationToken)
    {
        var version = await VersionAsync(caller, id, number, cancellationToken);
        if (version.Error is not null)
        {
            return version.Error;
        }

        // An identical build (the same version, in the one archive format version this server writes) is not made
        // twice: a queued, building or ready one is handed back. A failed or timed-out one is built again, and so is
        // one of an older format version.
        var versionId = version.Value!.Id;
        var identical = await db.DataSetArchives.AsNoTracking()
            .Where(a => a.VersionId == versionId && a.FormatVersion == DataSetArchiveFormat.FormatVersion
                && (a.State == DataSetArchiveState.Queued || a.State == DataSetArchiveState.Building || (a.State == DataSetArchiveState.Ready && a.Blob != null)))
            .OrderByDescending(a => a.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (identical is not null)
        {
            return DataSetArchiveResponse.From(identical);
        }

        var dataSet = version.Value.DataSet;
        var archive = new DataSetArchive
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            TenantId = dataSet.TenantId,
            ProjectId = dataSet.ProjectId,
            DataSetId = dataSet.Id,
            VersionId = version.Value.Id,
            VersionNumber = number,
            State = DataSetArchiveState.Queued,
            FormatVersion = DataSetArchiveFormat.FormatVersion,
            ItemCount = version.Value.ItemCount,
            OperationKey = operation.OperationKey,
            RequestedAt = time.GetUtcNow().UtcDateTime,
            RequestedBy = caller.UserId,
        };
        db.DataSetArchives.Add(archive);
        await db.SaveChangesAsync(cancellationToken);
        archiveSignal.Notify();
        return DataSetArchiveResponse.From(archive);
    }

    /// <summary>A dataset's archives (of one version when <paramref name="number"/> is given), oldest first, in keyset pages.</summary>
    public async Task<Result<Page<DataSetArchiveResponse>>> ListArchivesAsync(
        Caller caller, Guid id, int? number, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = Paging.Limit(limit, MaxPage, errors);
        var after = Paging.IdCursor(cursor, errors);
        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        if (await FindAsync(caller, id, cancellationToken) is null)
        {
            return ApiError.NotFound("The dataset");
        }

        var query = db.DataSetArchives.AsNoTracking().Where(a => a.DataSetId == id);
        if (number is { } n)
        {
            query = query.Where(a => a.VersionNumber == n);
        }

        if (after is { } a)
        {
            // Ids are UUIDv7: ordering by id is ordering by request.
            query = query.Where(x => x.Id.CompareTo(a) > 0);
        }

        var archives = await query.OrderBy(x => x.Id).Take(take!.Value + 1).ToListAsync(cancellationToken);
        var next = archives.Count > take ? archives[take.Value - 1].Id.ToString() : null;
        return new Page<DataSetArchiveResponse>([.. archives.Take(take.Value).Select(DataSetArchiveResponse.From)], next);
    }

    public async Task<Result<DataSetArchiveResponse>> GetArchiveAsync(Caller caller, Guid id, Guid archiveId, CancellationToken cancellationToken)
    {
        var archive = await FindArchiveAsync(caller, id, archiveId, cancellationToken);
        return archive is null ? ApiError.NotFound("The archive") : DataSetArchiveResponse.From(archive);
    }

    /// <summary>The zip of a Ready archive, to be streamed from the blob store; 409 while it is not Ready.</summary>
    public async Task<Result<DataSetArchiveContent>> OpenArchiveAsync(Caller caller, Guid id, Guid archiveId, CancellationToken cancellationToken)
    {
        var archive = await FindArchiveAsync(caller, id, archiveId, cancellationToken);
        if (archive is null)
        {
            return ApiError.NotFound("The archive");
        }

        if (archive.State != DataSetArchiveState.Ready || archive.Blob is null)
        {
            return ApiError.Conflict($"The archive is {archive.State}: it can be downloaded once it is Ready.");
        }

        var name = await db.DataSets.AsNoTracking().Where(d => d.Id == id).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken);
        var content = blobs.OpenRead(archive.Blob);
        if (name is null || content is null)
        {
            return ApiError.NotFound("The archive's content");
        }

        return new DataSetArchiveContent(content, $"{DownloadNames.Of(name, "dataset")}-v{archive.VersionNumber}.zip", archive.Blob);
    }

    /// <summary>
    /// A new version's items, snapshot from the scheme's markings of the project's images (or the images named), split
    /// by <see cref="DataSetSplit"/>, with its content hash and the scheme as it is now; added to the context, not saved.
    /// </summary>
    private async Task<Result<DataSetVersion>> DraftAsync(
        DataSet dataSet, int number, MarkingScheme scheme, double ratio, int seed, List<Guid>? imageIds, Caller caller, CancellationToken cancellationToken)
    {
        // One statement: the scheme's markings joined with the project's images, both queries their areas export.
        var inProject = images.InProject(scheme.ProjectId);
        if (imageIds is not null)
        {
            inProject = inProject.Where(i => imageIds.Contains(i.Id));
        }

        var candidates = await markings.UnderScheme(scheme.Id)
            .Join(inProject, m => m.ImageId, i => i.Id, (m, i) => new Candidate(
                m.Id, i.Id, i.Name, i.Sha256, i.PageBlob, i.PageContentType, i.PageNumber, i.Width, i.Height, i.DpiX, i.DpiY, i.Rotation, m.Content))
            .ToListAsync(cancellationToken);
        if (imageIds is not null && candidates.Count < imageIds.Count)
        {
            var found = candidates.Select(c => c.ImageId).ToHashSet();
            var missing = imageIds.Where(i => !found.Contains(i)).ToList();
            var held = await images.InProject(scheme.ProjectId).Where(i => missing.Contains(i.Id)).Select(i => i.Id).ToListAsync(cancellationToken);
            var unknown = missing.Except(held).ToList();
            return unknown.Count > 0
                ? ApiError.Invalid("imageIds", $"names images the project does not have: {Few(unknown)}.")
                : ApiError.Invalid("imageIds", $"names images with no marking under the scheme: {Few(missing)}.");
        }

        if (candidates.Count == 0)
        {
            return ApiError.Invalid("schemeId", "the scheme has no marked images in the project to make a dataset of.");
        }

        var now = time.GetUtcNow();
        var snapshot = DataSetSchemeSnapshot.From(scheme);
        var split = DataSetSplit.Apply(candidates, c => c.Sha256, c => c.PageNumber, ratio, seed);
        var versionId = Guid.CreateVersion7(now);
        using var hasher = new DataSetContentHasher();
        for (var ordinal = 0; ordinal < split.Count; ordinal++)
        {
            var (c, part) = split[ordinal];
            hasher.Append(c.Sha256, c.PageNumber, part, snapshot.Named(MarkingContent.FromJson(c.Content)));
            db.DataSetItems.Add(new DataSetItem
            {
                Id = Guid.CreateVersion7(now),
                VersionId = versionId,
                Ordinal = ordinal,
                Part = part,
                ImageId = c.ImageId,
                ImageName = c.Name,
                ImageSha256 = c.Sha256,
                PageBlob = c.PageBlob,
                PageContentType = c.PageContentType,
                PageNumber = c.PageNumber,
                Width = c.Width,
                Height = c.Height,
                DpiX = c.DpiX,
                DpiY = c.DpiY,
                Rotation = c.Rotation,
                Marking = c.Content,
            });
            journal.Record(EventCode.MarkingMovedToDataSet, new JournalEvent
            {
                TenantId = dataSet.TenantId,
                ProjectId = dataSet.ProjectId,
                EntityKind = nameof(Marking),
                EntityId = c.MarkingId.ToString(),
                Text = part == DataSetPart.Train ? "train" : "test",
                Data = new MarkingPlaced(c.MarkingId, c.ImageId, dataSet.Id, number, ordinal, part),
            });
        }

        var train = split.Count(s => s.Part == DataSetPart.Train);
        var version = new DataSetVersion
        {
            Id = versionId,
            DataSetId = dataSet.Id,
            Number = number,
            TrainRatio = ratio,
            Seed = seed,
            TrainCount = train,
            TestCount = split.Count - train,
            Scheme = snapshot.ToJson(),
            ContentHash = hasher.Finish(),
            CreatedAt = now.UtcDateTime,
            CreatedBy = caller.UserId,
        };
        db.DataSetVersions.Add(version);
        return version;
    }

    private Task<MarkingScheme?> SchemeAsync(Guid schemeId, Guid projectId, CancellationToken cancellationToken) =>
        schemes.FindInProjectAsync(schemeId, projectId, cancellationToken);

    private async Task<Dictionary<Guid, DataSetVersion>> CurrentVersionsAsync(List<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        // The summary leaves the scheme out, so its JSON is not read.
        var dataSets = db.DataSets;
        var versions = await db.DataSetVersions.AsNoTracking()
            .Where(v => ids.Contains(v.DataSetId) && dataSets.Any(d => d.Id == v.DataSetId && d.CurrentVersion == v.Number))
            .Select(v => new DataSetVersion
            {
                Id = v.Id,
                DataSetId = v.DataSetId,
                Number = v.Number,
                TrainRatio = v.TrainRatio,
                Seed = v.Seed,
                TrainCount = v.TrainCount,
                TestCount = v.TestCount,
                Scheme = "",
                ContentHash = v.ContentHash,
                CreatedAt = v.CreatedAt,
                CreatedBy = v.CreatedBy,
            })
            .ToListAsync(cancellationToken);
        return versions.ToDictionary(v => v.DataSetId);
    }

    private async Task<Result<VersionFound>> VersionAsync(Caller caller, Guid id, int number, CancellationToken cancellationToken)
    {
        var dataSet = await FindAsync(caller, id, cancellationToken);
        if (dataSet is null)
        {
            return ApiError.NotFound("The dataset");
        }

        var version = await db.DataSetVersions.AsNoTracking()
            .Where(v => v.DataSetId == id && v.Number == number)
            .Select(v => new { v.Id, Count = v.TrainCount + v.TestCount })
            .FirstOrDefaultAsync(cancellationToken);
        return version is null ? ApiError.NotFound($"Version {number} of the dataset") : new VersionFound(dataSet, version.Id, version.Count);
    }

    private async Task<DataSet?> FindAsync(Caller caller, Guid id, CancellationToken cancellationToken, bool tracked = false)
    {
        var query = tracked ? db.DataSets : db.DataSets.AsNoTracking();
        var dataSet = await query.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        // Another tenant's dataset is reported as missing, not forbidden: its existence is not ours to reveal.
        return dataSet is not null && caller.CanAccess(dataSet.TenantId) ? dataSet : null;
    }

    private async Task<DataSetArchive?> FindArchiveAsync(Caller caller, Guid id, Guid archiveId, CancellationToken cancellationToken)
    {
        var archive = await db.DataSetArchives.AsNoTracking().FirstOrDefaultAsync(a => a.Id == archiveId && a.DataSetId == id, cancellationToken);
        return archive is not null && caller.CanAccess(archive.TenantId) ? archive : null;
    }

    private async Task<bool> NameTakenAsync(DataSet dataSet, CancellationToken cancellationToken) =>
        await db.DataSets.AsNoTracking().AnyAsync(
            d => d.ProjectId == dataSet.ProjectId && d.NormalizedName == dataSet.NormalizedName && d.Id != dataSet.Id, cancellationToken);

    private static double Ratio(double ratio, Dictionary<string, string[]> errors)
    {
        if (!double.IsFinite(ratio) || ratio < 0 || ratio > 1)
        {
            errors["trainRatio"] = ["must be between 0 and 1."];
        }

        return ratio;
    }

    private static List<Guid>? ImageIds(IReadOnlyList<Guid>? requested, Dictionary<string, string[]> errors)
    {
        if (requested is null)
        {
            return null;
        }

        if (requested.Count == 0 || requested.Count > MaxImageIds)
        {
            errors["imageIds"] = [$"must name between 1 and {MaxImageIds} images, or be left out for every marked image."];
        }

        return [.. requested.Distinct()];
    }

    private static string Few(List<Guid> ids) => string.Join(", ", ids.Take(5)) + (ids.Count > 5 ? $" and {ids.Count - 5} more" : "");

    internal static JournalEvent Describe(DataSet dataSet, object data, string text) => new()
    {
        TenantId = dataSet.TenantId,
        ProjectId = dataSet.ProjectId,
        EntityKind = nameof(DataSet),
        EntityId = dataSet.Id.ToString(),
        Text = text,
        Data = data,
    };

    private sealed record Candidate(
        Guid MarkingId, Guid ImageId, string Name, string Sha256, string PageBlob, string PageContentType, int PageNumber,
        int Width, int Height, double? DpiX, double? DpiY, int Rotation, string Content);

    private sealed record VersionFound(DataSet DataSet, Guid Id, int ItemCount);

    /// <summary>11002's data: which marking went where.</summary>
    private sealed record MarkingPlaced(Guid MarkingId, Guid ImageId, Guid DataSetId, int Version, int Ordinal, DataSetPart Part);
}
