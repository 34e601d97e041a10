using Docket.Contracts.Common;
using Docket.Contracts.Markings;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Features.Images;
using Docket.Server.Features.MarkingSchemes;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Markings;

/// <summary>
/// Markings (11000-11001): one per image and scheme, created or replaced whole, checked against both; removed with
/// their image, as an <see cref="IImageRemovalHandler"/>.
/// </summary>
public sealed class MarkingService(
    DocketDbContext db, IJournal journal, TimeProvider time, MarkingSchemeService schemes, MarkingSchemeQueries schemeQueries, ImageQueries images)
    : IImageRemovalHandler
{
    private const int MaxPage = 500;

    public async Task<Result<MarkingResponse>> GetAsync(Caller caller, Guid imageId, Guid schemeId, CancellationToken cancellationToken)
    {
        var scheme = await schemes.FindAsync(caller, schemeId, tracked: false, cancellationToken);
        var image = await FindImageAsync(caller, imageId, cancellationToken);
        if (scheme is null || image is null)
        {
            return ApiError.NotFound(image is null ? "The image" : "The marking scheme");
        }

        var marking = await db.Markings.AsNoTracking().FirstOrDefaultAsync(m => m.ImageId == imageId && m.SchemeId == schemeId, cancellationToken);
        return marking is null ? ApiError.NotFound("The marking") : MarkingResponse.From(marking, scheme);
    }

    /// <summary>
    /// Creates or replaces the image's marking under the scheme. <paramref name="ifMatch"/> gets the current stamp,
    /// or null when there is no marking yet (an If-Match then fails: there is nothing it can match).
    /// </summary>
    public async Task<Result<MarkingSaved>> PutAsync(
        Caller caller, Guid imageId, Guid schemeId, MarkingRequest request, Func<Guid?, bool> ifMatch, CancellationToken cancellationToken)
    {
        var scheme = await schemes.FindAsync(caller, schemeId, tracked: false, cancellationToken);
        var image = await FindImageAsync(caller, imageId, cancellationToken);
        if (scheme is null || image is null)
        {
            return ApiError.NotFound(image is null ? "The image" : "The marking scheme");
        }

        var marking = await db.Markings.FirstOrDefaultAsync(m => m.ImageId == imageId && m.SchemeId == schemeId, cancellationToken);
        if (!ifMatch(marking?.ConcurrencyStamp))
        {
            return ApiError.PreconditionFailed();
        }

        if (image.ProjectId != scheme.ProjectId)
        {
            return ApiError.Invalid("schemeId", "belongs to another project than the image; a marking's image and scheme share a project.");
        }

        var check = new MarkingCheck(scheme, image);
        var content = check.Run(request);
        if (content is null)
        {
            return ApiError.Invalid(check.Errors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var created = marking is null;
        if (marking is null)
        {
            marking = new Marking
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                TenantId = image.TenantId,
                ProjectId = image.ProjectId,
                ImageId = imageId,
                SchemeId = schemeId,
                Content = content.ToJson(),
                CreatedAt = now,
                UpdatedAt = now,
                UpdatedBy = caller.UserId,
            };
            db.Markings.Add(marking);
        }
        else
        {
            marking.Content = content.ToJson();
            marking.UpdatedAt = now;
            marking.UpdatedBy = caller.UserId;
            marking.ConcurrencyStamp = Guid.NewGuid();
        }

        var response = MarkingResponse.From(marking, content, scheme);
        journal.Record(EventCode.MarkingCreateOrEdit, Describe(marking, image.Name, response));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new MarkingSaved(response, created);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiError.PreconditionFailed();
        }
        catch (DbUpdateException) when (created)
        {
            // Two first markings raced and the unique index let one through.
            if (await db.Markings.AsNoTracking().AnyAsync(m => m.ImageId == imageId && m.SchemeId == schemeId, cancellationToken))
            {
                return ApiError.Conflict("The image was marked under this scheme at the same time; read that marking and send yours with If-Match.");
            }

            throw;
        }
    }

    public async Task<ApiError?> DeleteAsync(Caller caller, Guid imageId, Guid schemeId, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var scheme = await schemes.FindAsync(caller, schemeId, tracked: false, cancellationToken);
        var image = await FindImageAsync(caller, imageId, cancellationToken);
        if (scheme is null || image is null)
        {
            return ApiError.NotFound(image is null ? "The image" : "The marking scheme");
        }

        var marking = await db.Markings.FirstOrDefaultAsync(m => m.ImageId == imageId && m.SchemeId == schemeId, cancellationToken);
        if (marking is null)
        {
            return ApiError.NotFound("The marking");
        }

        if (!ifMatch(marking.ConcurrencyStamp))
        {
            return ApiError.PreconditionFailed();
        }

        db.Markings.Remove(marking);
        journal.Record(EventCode.MarkingRemoved, Describe(marking, image.Name, MarkingResponse.From(marking, scheme)));
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

    public async Task<Result<Page<MarkingResponse>>> ListForSchemeAsync(
        Caller caller, Guid schemeId, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var scheme = await schemes.FindAsync(caller, schemeId, tracked: false, cancellationToken);
        if (scheme is null)
        {
            return ApiError.NotFound("The marking scheme");
        }

        var errors = new Dictionary<string, string[]>();
        var take = Paging.Limit(limit, MaxPage, errors);
        var after = Paging.IdCursor(cursor, errors);

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var query = db.Markings.AsNoTracking().Where(m => m.SchemeId == schemeId);
        if (after is { } a)
        {
            // Ids are UUIDv7: ordering by id is ordering by creation.
            query = query.Where(m => m.Id.CompareTo(a) > 0);
        }

        var items = await query.OrderBy(m => m.Id).Take(take!.Value + 1).ToListAsync(cancellationToken);
        var next = items.Count > take ? items[take.Value - 1].Id.ToString() : null;
        return new Page<MarkingResponse>([.. items.Take(take.Value).Select(m => MarkingResponse.From(m, scheme))], next);
    }

    /// <summary>The image's markings, one per scheme it is marked under (a handful: no paging).</summary>
    public async Task<Result<IReadOnlyList<MarkingResponse>>> ListForImageAsync(Caller caller, Guid imageId, CancellationToken cancellationToken)
    {
        if (await FindImageAsync(caller, imageId, cancellationToken) is null)
        {
            return ApiError.NotFound("The image");
        }

        var markings = await db.Markings.AsNoTracking().Where(m => m.ImageId == imageId).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        var schemeById = await SchemesAsync(markings, cancellationToken);
        return markings.Select(m => MarkingResponse.From(m, schemeById[m.SchemeId])).ToList();
    }

    /// <summary>
    /// The image is being removed: stages the removal of its markings, each with its MarkingRemoved, on the request's
    /// context, where the image service saves them with the image in one transaction.
    /// </summary>
    public async Task ImageRemovingAsync(ImageRemoved image, CancellationToken cancellationToken)
    {
        var markings = await db.Markings.Where(m => m.ImageId == image.Id).ToListAsync(cancellationToken);
        if (markings.Count == 0)
        {
            return;
        }

        var schemeById = await SchemesAsync(markings, cancellationToken);
        foreach (var marking in markings)
        {
            db.Markings.Remove(marking);
            journal.Record(EventCode.MarkingRemoved, Describe(marking, image.Name, MarkingResponse.From(marking, schemeById[marking.SchemeId])));
        }
    }

    private Task<Dictionary<Guid, MarkingScheme>> SchemesAsync(List<Marking> markings, CancellationToken cancellationToken) =>
        schemeQueries.WithFieldsAsync([.. markings.Select(m => m.SchemeId).Distinct()], cancellationToken);

    // Another tenant's image is reported as missing, not forbidden: its existence is not ours to reveal.
    private Task<ImageData?> FindImageAsync(Caller caller, Guid imageId, CancellationToken cancellationToken) =>
        images.FindAsync(caller, imageId, cancellationToken);

    private static JournalEvent Describe(Marking marking, string imageName, MarkingResponse data) => new()
    {
        TenantId = marking.TenantId,
        ProjectId = marking.ProjectId,
        EntityKind = nameof(Marking),
        EntityId = marking.Id.ToString(),
        Text = imageName,
        Data = data,
    };
}
