using Docket.Contracts.Common;
using Docket.Contracts.Images;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Features.Projects;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage.Blobs;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;
using NetVips;

namespace Docket.Server.Features.Images;

/// <summary>
/// Reading, renaming, turning and removing a project's images (4001, 4002), and adding the pages of a dataset archive
/// (4000); uploads are added by <see cref="ImageUpload"/>, with the same 4000.
/// </summary>
public sealed class ImageService(
    DocketDbContext db,
    IJournal journal,
    IBlobStore blobs,
    ProjectQueries projects,
    IEnumerable<IImageRemovalHandler> removalHandlers,
    OperationContext operation,
    TimeProvider time)
{
    private const int MaxPage = 500;

    // Pages of one original keep the source's order when the project's images are listed by id.
    private readonly SequentialImageIds importedIds = new();

    /// <summary>The project, if the caller may see it.</summary>
    public Task<Project?> FindProjectAsync(Caller caller, Guid projectId, CancellationToken cancellationToken) =>
        projects.FindAsync(caller, projectId, cancellationToken);

    public async Task<Result<Page<ImageResponse>>> ListAsync(Caller caller, Guid projectId, ImageFilter filter, CancellationToken cancellationToken)
    {
        if (await FindProjectAsync(caller, projectId, cancellationToken) is null)
        {
            return ApiError.NotFound("The project");
        }

        var errors = new Dictionary<string, string[]>();
        var take = Paging.Limit(filter.Limit, MaxPage, errors);
        var after = Paging.IdCursor(filter.Cursor, errors);

        if (filter.Sha256 is { } sha && !BlobKeys.IsValid(sha))
        {
            errors["sha256"] = ["must be 64 lowercase hexadecimal digits."];
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var query = db.Images.AsNoTracking().Where(i => i.ProjectId == projectId);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var search = filter.Search.Trim().ToLowerInvariant();
            query = query.Where(i => i.Name.ToLower().Contains(search));
        }

        if (filter.Sha256 is { } hash)
        {
            query = query.Where(i => i.Sha256 == hash);
        }

        if (filter.OperationKey is { } key)
        {
            query = query.Where(i => i.OperationKey == key);
        }

        if (filter.ContentType is { } type)
        {
            query = query.Where(i => i.ContentType == type);
        }

        if (after is { } a)
        {
            // Ids are UUIDv7: ordering by id is ordering by upload.
            query = query.Where(i => i.Id.CompareTo(a) > 0);
        }

        var items = await query.OrderBy(i => i.Id).Take(take!.Value + 1).ToListAsync(cancellationToken);
        var next = items.Count > take ? items[take.Value - 1].Id.ToString() : null;
        return new Page<ImageResponse>([.. items.Take(take.Value).Select(ImageResponse.From)], next);
    }

    public async Task<Result<ImageResponse>> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var image = await FindAsync(caller, id, cancellationToken);
        return image is null ? ApiError.NotFound("The image") : ImageResponse.From(image);
    }

    public async Task<Result<ImageResponse>> UpdateAsync(
        Caller caller, Guid id, ImageUpdateRequest request, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var image = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (image is null)
        {
            return ApiError.NotFound("The image");
        }

        if (!ifMatch(image.ConcurrencyStamp))
        {
            return ApiError.PreconditionFailed();
        }

        var errors = new Dictionary<string, string[]>();
        var name = request.Name is null ? image.Name : TextRules.Name(request.Name, "name", 400, errors);
        if (request.Rotation is { } rotation && rotation is not (0 or 90 or 180 or 270))
        {
            errors["rotation"] = ["must be 0, 90, 180 or 270 (clockwise degrees)."];
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        image.Name = name!;
        image.Rotation = request.Rotation ?? image.Rotation;
        image.UpdatedAt = time.GetUtcNow().UtcDateTime;
        image.ConcurrencyStamp = Guid.NewGuid();
        var response = ImageResponse.From(image);
        journal.Record(EventCode.ProjectDataImgUpdated, Describe(image, response));
        await db.SaveChangesAsync(cancellationToken);
        return response;
    }

    public async Task<ApiError?> DeleteAsync(Caller caller, Guid id, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var image = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (image is null)
        {
            return ApiError.NotFound("The image");
        }

        if (!ifMatch(image.ConcurrencyStamp))
        {
            return ApiError.PreconditionFailed();
        }

        // What hangs on it goes with it (its markings, each with its 11001), staged by the areas it belongs to, in the same transaction.
        var removed = new ImageRemoved(image.Id, image.TenantId, image.ProjectId, image.Name);
        foreach (var handler in removalHandlers)
        {
            await handler.ImageRemovingAsync(removed, cancellationToken);
        }

        db.Images.Remove(image);
        journal.Record(EventCode.ProjectDataImgRemoved, Describe(image, ImageResponse.From(image)));
        // The blobs stay until the collector finds nothing refers to them: a dataset version may still show the page.
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>
    /// Stages a page that arrives kept and decoded (an item of a dataset archive) as a new image of the project, with its
    /// 4000 worded as an upload words it; the caller saves, in its own transaction.
    /// </summary>
    public Guid AddImported(Caller caller, Project project, ImportedPage page)
    {
        var name = ImageUpload.FileName(page.Name);
        var now = time.GetUtcNow();
        var image = new ImageData
        {
            Id = importedIds.Next(now),
            TenantId = project.TenantId,
            ProjectId = project.Id,
            Name = name,
            OriginalName = name,
            // An archive carries pages, not the files they came from: the page stands in for its original.
            ContentType = page.Page.PageContentType,
            Size = page.Size,
            Sha256 = page.Sha256,
            PageBlob = page.Page.PageBlob,
            PageContentType = page.Page.PageContentType,
            ThumbnailBlob = page.Page.ThumbnailBlob,
            PageNumber = page.PageNumber,
            PageCount = page.PageCount,
            Width = page.Page.Width,
            Height = page.Page.Height,
            DpiX = page.DpiX,
            DpiY = page.DpiY,
            Rotation = page.Rotation,
            OperationKey = operation.OperationKey,
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
            CreatedBy = caller.UserId,
        };
        db.Images.Add(image);
        journal.Record(EventCode.ProjectDataImgCreated, DescribeAdded(image));
        return image.Id;
    }

    /// <summary>4000's details, the same whichever way an image arrives: uploaded alone, as a zip's entry, or in a dataset archive.</summary>
    internal static JournalEvent DescribeAdded(ImageData image) => new()
    {
        TenantId = image.TenantId,
        ProjectId = image.ProjectId,
        EntityKind = nameof(ImageData),
        EntityId = image.Id.ToString(),
        Text = image.PageCount > 1 ? $"{image.Name} (page {image.PageNumber} of {image.PageCount})" : image.Name,
        Data = ImageResponse.From(image),
    };

    /// <summary>One of the image's files: the original upload, the page as stored, or the thumbnail (turned upright).</summary>
    public async Task<Result<ImageFile>> OpenAsync(Caller caller, Guid id, ImageFileKind kind, CancellationToken cancellationToken)
    {
        var image = await FindAsync(caller, id, cancellationToken);
        if (image is null)
        {
            return ApiError.NotFound("The image");
        }

        var (key, contentType, suffix) = kind switch
        {
            // Decided by the image alone, never by which blobs the store happens to hold: that would tell the caller.
            ImageFileKind.Original => (image.OriginalBlob, image.ContentType, string.Empty),
            ImageFileKind.Page => (image.PageBlob, image.PageContentType, $".page{image.PageNumber}{Extension(image.PageContentType)}"),
            _ => (image.ThumbnailBlob, "image/png", ".thumbnail.png"),
        };
        var stream = blobs.OpenRead(key);
        if (stream is null)
        {
            return new ApiError(StatusCodes.Status410Gone, "Gone", "The image's file is no longer in the blob store.");
        }

        if (kind == ImageFileKind.Thumbnail && image.Rotation != 0)
        {
            stream = await RotateAsync(stream, image.Rotation, cancellationToken);
        }

        return new ImageFile(stream, contentType, DownloadNames.Of(image.Name, "image") + suffix, image.ConcurrencyStamp);
    }

    private static async Task<Stream> RotateAsync(Stream thumbnail, int rotation, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await using (thumbnail)
        {
            await thumbnail.CopyToAsync(buffer, cancellationToken);
        }

        using var image = Image.NewFromBuffer(buffer.ToArray());
        using var turned = rotation switch
        {
            90 => image.Rot90(),
            180 => image.Rot180(),
            _ => image.Rot270(),
        };
        return new MemoryStream(turned.WriteToBuffer(".png"));
    }

    private static string Extension(string contentType) => contentType switch
    {
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        _ => string.Empty,
    };

    private async Task<ImageData?> FindAsync(Caller caller, Guid id, CancellationToken cancellationToken, bool tracked = false)
    {
        var query = tracked ? db.Images : db.Images.AsNoTracking();
        var image = await query.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        // Another tenant's image is reported as missing, not forbidden: its existence is not ours to reveal.
        return image is not null && caller.CanAccess(image.TenantId) ? image : null;
    }

    private static JournalEvent Describe(ImageData image, ImageResponse data) => new()
    {
        TenantId = image.TenantId,
        ProjectId = image.ProjectId,
        EntityKind = nameof(ImageData),
        EntityId = image.Id.ToString(),
        Text = image.Name,
        Data = data,
    };
}
