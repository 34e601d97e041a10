using System.Buffers;
using Docket.Archives;
using Docket.Contracts.Images;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Features.Projects;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage.Blobs;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Images;

/// <summary>
/// Adds uploaded files to a project: each file is streamed into the blob store (hashed on the way), recognized by
/// its bytes, checked against the project's images by content, decoded page by page, and committed with its
/// 4000 events in batches. A zip is opened safely (4003), its entries taken one by one; every file or entry that
/// is not added is recorded as 4004 with the reason. Nothing half-written stays: blobs of a failed file are
/// never referenced, and the collector removes them.
/// <para>
/// The body is read one file at a time, but up to one file per core is decoded while the next is read: each file
/// becomes an <see cref="UploadStep"/> in a queue, and the steps are settled (pages made images, refusals and
/// duplicates recorded, batches committed) strictly in upload order, on the request's own flow, so the ids, the
/// events, the batches and what a failure leaves are those of a one-at-a-time upload. Only
/// <see cref="PageDecoder"/> runs beside it; the database context is never touched from another thread.
/// </para>
/// </summary>
public sealed class ImageUpload(
    DocketDbContext db,
    IJournal journal,
    IBlobStore blobs,
    PageDecoder decoder,
    OperationContext operation,
    TimeProvider time,
    IOptions<ImageDataOptions> options)
{
    private const int BatchSize = 50;
    private const int MaxNameLength = 400;

    private readonly List<ImageData> pending = [];
    private readonly List<ImageResponse> added = [];
    private readonly List<UploadDuplicate> duplicates = [];
    private readonly List<UploadRefusal> refused = [];
    private readonly Dictionary<string, List<Guid>> seen = new(StringComparer.Ordinal);
    private readonly SequentialImageIds ids = new();
    private bool bodyBroken;

    // Files read but not yet settled, in upload order: one per core, and the one just read while the oldest is awaited.
    private readonly Queue<UploadStep> ahead = new();
    private readonly int maxAhead = PageDecoder.Parallelism;

    // The decode of the first copy of each content in this upload that is not settled yet: a later copy waits for it.
    private readonly Dictionary<string, Task<PageDecoding>> decodingFirst = new(StringComparer.Ordinal);
    private CancellationTokenSource? decodes;
    private bool settlingFailed;

    // Events that are not an image's own (4003, 4004): kept so that a batch given up after a lost race can stage them again.
    private readonly List<(EventCode Code, JournalEvent Details)> staged = [];

    public async Task<UploadReport> UploadAsync(Caller caller, Project project, IAsyncEnumerable<UploadedFile> files, CancellationToken cancellationToken)
    {
        using var decoding = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        decodes = decoding;
        try
        {
            try
            {
                await ReadAsync(caller, project, files, cancellationToken);
            }
            catch when (ahead.Count > 0 && !settlingFailed)
            {
                // Reading file k failed: the files before it are settled as a one-at-a-time upload had settled them
                // when it reached file k (a failure among them, being earlier, is the one thrown instead).
                await SettleAsync(project, keep: 0, cancellationToken);
                throw;
            }

            await SettleAsync(project, keep: 0, cancellationToken);
        }
        finally
        {
            await AbandonAsync(decoding);
        }

        await FlushAsync(project, cancellationToken);
        return new UploadReport(operation.OperationKey, added, duplicates, refused);
    }

    private async Task ReadAsync(Caller caller, Project project, IAsyncEnumerable<UploadedFile> files, CancellationToken cancellationToken)
    {
        var count = 0;
        await using var enumerator = files.GetAsyncEnumerator(cancellationToken);
        while (!bodyBroken)
        {
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    break;
                }
            }
            catch (IOException broken) when (IsBrokenBody(broken, cancellationToken))
            {
                await RefuseAsync(project, "(request body)", "is malformed or was cut short; the files before the break were taken.", cancellationToken);
                break;
            }

            var file = enumerator.Current;
            if (++count > options.Value.Archive.MaxEntries)
            {
                await RefuseAsync(project, file.Name, $"is past the {options.Value.Archive.MaxEntries} files one upload may hold.", cancellationToken, thenCommit: false);
                continue;
            }

            await AddFileAsync(caller, project, FileName(file.Name), file.DeclaredContentType, file.Content, topLevel: true, cancellationToken);
        }
    }

    /// <summary>Queues a file's step and settles the steps ahead of it that are done, or the oldest when too many are.</summary>
    private async Task EnqueueAsync(Project project, UploadStep step, CancellationToken cancellationToken)
    {
        ahead.Enqueue(step);
        await SettleAsync(project, keep: maxAhead, cancellationToken);
    }

    /// <summary>
    /// Settles steps in upload order: every one whose work is done, and the oldest ones (waiting for them) until at
    /// most <paramref name="keep"/> remain. Each is followed by a commit when the batch is full, where a
    /// one-at-a-time upload committed.
    /// </summary>
    private async Task SettleAsync(Project project, int keep, CancellationToken cancellationToken)
    {
        var done = false;
        try
        {
            while (ahead.TryPeek(out var next) && (ahead.Count > keep || next.Outcome.IsCompleted))
            {
                ahead.Dequeue();
                var settle = await next.Outcome;
                settle();
                if (next.ThenCommit)
                {
                    await FlushIfFullAsync(project, cancellationToken);
                }
            }

            done = true;
        }
        finally
        {
            // A step that failed ends the upload there, as it would have one file at a time: nothing after it is settled.
            settlingFailed |= !done;
        }
    }

    /// <summary>Stops the decodes still running after a failure and waits for them, so that none outlives the request.</summary>
    private async Task AbandonAsync(CancellationTokenSource decoding)
    {
        await decoding.CancelAsync();
        foreach (var step in ahead)
        {
            try
            {
                await step.Outcome;
            }
            catch (Exception)
            {
                // The upload has already failed with the first error in upload order; later ones say nothing more.
            }
        }

        ahead.Clear();
        decodes = null;
    }

    private Task RefuseAsync(Project project, string name, string reason, CancellationToken cancellationToken, bool thenCommit = true) =>
        EnqueueAsync(project, UploadStep.Now(() => Refuse(project, name, reason), thenCommit), cancellationToken);

    private async Task AddFileAsync(
        Caller caller, Project project, string name, string? declared, Stream content, bool topLevel, CancellationToken cancellationToken)
    {
        StoredBlob original;
        await using (var writer = blobs.Create())
        {
            try
            {
                if (!await CopyAsync(content, writer, topLevel, cancellationToken))
                {
                    bodyBroken = true;
                    await RefuseAsync(project, name, "was cut short: the request body broke off in it; the files before it were taken.", cancellationToken);
                    return;
                }
            }
            catch (ZipLimitExceededException limit)
            {
                await RefuseAsync(project, name, limit.Message, cancellationToken);
                return;
            }
            catch (ZipEntryDamagedException damaged)
            {
                // Only this entry: its CRC-32 or size is not what the archive records; the others may be sound.
                await RefuseAsync(project, name, damaged.Message, cancellationToken);
                return;
            }
            catch (InvalidDataException)
            {
                await RefuseAsync(project, name, "is corrupt in the archive (its data does not inflate).", cancellationToken);
                return;
            }

            if (writer.Length == 0)
            {
                await RefuseAsync(project, name, "is empty.", cancellationToken);
                return;
            }

            original = await writer.CommitAsync(cancellationToken);
        }

        var format = Detect(original.Key);
        if (ImageFormats.Contradicts(declared, format))
        {
            await RefuseAsync(project, name, $"is declared as {declared} but its content is {Describe(format)}.", cancellationToken);
            return;
        }

        switch (format)
        {
            case ImageFormat.Zip when topLevel:
                await AddArchiveAsync(caller, project, name, original, cancellationToken);
                return;
            case ImageFormat.Zip or ImageFormat.OtherArchive when !topLevel:
                await RefuseAsync(project, name, "is an archive inside the archive; nested archives are not opened.", cancellationToken);
                return;
            case ImageFormat.OtherArchive:
                await RefuseAsync(project, name, "is an archive format this server does not open; send a zip.", cancellationToken);
                return;
            case ImageFormat.Unknown:
                await RefuseAsync(project, name, "is not an image this server reads (PNG, JPEG, TIFF or PDF).", cancellationToken);
                return;
        }

        if (seen.TryGetValue(original.Key, out var here))
        {
            await EnqueueAsync(project, UploadStep.Now(() => Duplicate(project, name, here)), cancellationToken);
            return;
        }

        if (decodingFirst.TryGetValue(original.Key, out var first))
        {
            // The same content earlier in this upload, still being decoded: by the time this copy is settled, that
            // one is, and this copy is its duplicate, or refused for the same reason (its decode would say the same).
            await EnqueueAsync(project, UploadStep.After(first, decoding => () => SettleCopy(project, name, original.Key, decoding)), cancellationToken);
            return;
        }

        if (await ExistingAsync(project, original.Key, cancellationToken) is { Count: > 0 } existing)
        {
            await EnqueueAsync(project, UploadStep.Now(() => Duplicate(project, name, existing)), cancellationToken);
            return;
        }

        var token = decodes!.Token;
        var decode = Task.Run(() => decoder.DecodeAsync(original.Key, format, token), token);
        decodingFirst[original.Key] = decode;
        await EnqueueAsync(project, UploadStep.After(decode, decoding => () => AddPages(caller, project, name, original, format, decoding)), cancellationToken);
    }

    /// <summary>A decoded file made images (pending their batch's commit), or its refusal recorded; in upload order.</summary>
    private void AddPages(Caller caller, Project project, string name, StoredBlob original, ImageFormat format, PageDecoding decoding)
    {
        decodingFirst.Remove(original.Key);
        if (decoding.Refusal is not null)
        {
            Refuse(project, name, decoding.Refusal);
            return;
        }

        var now = time.GetUtcNow();
        var pageIds = new List<Guid>();
        foreach (var page in decoding.Pages.OrderBy(p => p.PageNumber))
        {
            var image = new ImageData
            {
                Id = ids.Next(now),
                TenantId = project.TenantId,
                ProjectId = project.Id,
                Name = name,
                OriginalName = name,
                ContentType = ImageFormats.ContentType(format),
                Size = original.Size,
                Sha256 = original.Key,
                PageBlob = page.PageBlob,
                PageContentType = page.PageContentType,
                ThumbnailBlob = page.ThumbnailBlob,
                PageNumber = page.PageNumber,
                PageCount = page.PageCount,
                Width = page.Width,
                Height = page.Height,
                DpiX = page.DpiX,
                DpiY = page.DpiY,
                OperationKey = operation.OperationKey,
                CreatedAt = now.UtcDateTime,
                UpdatedAt = now.UtcDateTime,
                CreatedBy = caller.UserId,
            };
            pageIds.Add(image.Id);
            pending.Add(image);
        }

        seen[original.Key] = pageIds;
    }

    /// <summary>A later copy of content this upload decoded: a duplicate of its images, or refused as the first copy was.</summary>
    private void SettleCopy(Project project, string name, string sha256, PageDecoding first)
    {
        if (seen.TryGetValue(sha256, out var here))
        {
            Duplicate(project, name, here);
        }
        else
        {
            Refuse(project, name, first.Refusal!);
        }
    }

    /// <summary>
    /// Copies a file's bytes into its blob. A request body that breaks off (a malformed or cut-short upload) ends the
    /// copy with false; a failure to write the blob is not the client's and is thrown.
    /// </summary>
    private static async Task<bool> CopyAsync(Stream source, Stream target, bool fromRequest, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await source.ReadAsync(buffer, cancellationToken);
                }
                catch (IOException broken) when (fromRequest && IsBrokenBody(broken, cancellationToken))
                {
                    return false;
                }

                if (read == 0)
                {
                    return true;
                }

                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Whether reading the request failed because of the body itself, rather than a size limit (413) or a cancellation.</summary>
    private static bool IsBrokenBody(IOException exception, CancellationToken cancellationToken) =>
        exception is not BadHttpRequestException and not ZipLimitExceededException and not ZipEntryDamagedException && !cancellationToken.IsCancellationRequested;

    private async Task FlushIfFullAsync(Project project, CancellationToken cancellationToken)
    {
        if (pending.Count + staged.Count >= BatchSize)
        {
            await FlushAsync(project, cancellationToken);
        }
    }

    private async Task AddArchiveAsync(Caller caller, Project project, string name, StoredBlob archive, CancellationToken cancellationToken)
    {
        var (reader, error) = SafeZipReader.Open(blobs.PathOf(archive.Key)!, options.Value.Archive);
        var opened = Describe(project, name, new { name, archive.Size, sha256 = archive.Key, readable = error is null });
        await EnqueueAsync(project, UploadStep.Now(() => Stage(EventCode.ProjectDataImgArchiveUploaded, opened), thenCommit: false), cancellationToken);
        if (reader is null)
        {
            await RefuseAsync(project, name, error!, cancellationToken);
            return;
        }

        using (reader)
        {
            foreach (var entry in reader.Entries())
            {
                var entryName = FileName($"{name}/{entry.Name}");
                if (entry.Refusal is not null)
                {
                    await RefuseAsync(project, entryName, entry.Refusal, cancellationToken);
                    continue;
                }

                try
                {
                    await using var content = entry.Open();
                    await AddFileAsync(caller, project, entryName, declared: null, content, topLevel: false, cancellationToken);
                }
                catch (ZipLimitExceededException limit)
                {
                    // The whole archive's budget is spent: nothing after this entry is read.
                    await RefuseAsync(project, entryName, limit.Message, cancellationToken);
                    break;
                }
                catch (ZipEntryDamagedException damaged)
                {
                    // Thrown by opening the entry: its local header is damaged.
                    await RefuseAsync(project, entryName, damaged.Message, cancellationToken);
                }
            }
        }
    }

    /// <summary>Commits the pending images with their 4000 events (and any refusals); a lost race is retried one by one.</summary>
    private async Task FlushAsync(Project project, CancellationToken cancellationToken)
    {
        if (pending.Count == 0 && staged.Count == 0)
        {
            return;
        }

        var batch = pending.ToList();
        pending.Clear();
        foreach (var image in batch)
        {
            db.Images.Add(image);
            journal.Record(EventCode.ProjectDataImgCreated, ImageService.DescribeAdded(image));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            staged.Clear();
            added.AddRange(batch.Select(ImageResponse.From));
        }
        catch (DbUpdateException) when (batch.Count > 0)
        {
            // Another upload of the same content committed first (the unique index on project, content and page).
            db.DiscardPending();
            await RetryOneByOneAsync(project, batch, cancellationToken);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task RetryOneByOneAsync(Project project, List<ImageData> batch, CancellationToken cancellationToken)
    {
        foreach (var (code, details) in staged)
        {
            journal.Record(code, details);
        }

        foreach (var original in batch.GroupBy(i => i.Sha256))
        {
            if (await ExistingAsync(project, original.Key, cancellationToken, includeThisUpload: false) is { Count: > 0 } existing)
            {
                Duplicate(project, original.First().Name, existing);
                continue;
            }

            foreach (var image in original)
            {
                db.Images.Add(image);
                journal.Record(EventCode.ProjectDataImgCreated, ImageService.DescribeAdded(image));
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            added.AddRange(original.Select(ImageResponse.From));
        }

        // Writes the staged events if no image above did.
        await db.SaveChangesAsync(cancellationToken);
        staged.Clear();
    }

    private async Task<List<Guid>> ExistingAsync(Project project, string sha256, CancellationToken cancellationToken, bool includeThisUpload = true)
    {
        if (includeThisUpload && seen.TryGetValue(sha256, out var here))
        {
            return here;
        }

        return await db.Images.AsNoTracking()
            .Where(i => i.ProjectId == project.Id && i.Sha256 == sha256)
            .OrderBy(i => i.PageNumber)
            .Select(i => i.Id)
            .ToListAsync(cancellationToken);
    }

    private void Refuse(Project project, string name, string reason)
    {
        refused.Add(new UploadRefusal(name, reason));
        Stage(EventCode.ProjectDataImgCreateError, Describe(project, name, new UploadRefusal(name, reason), $"{name}: {reason}"));
    }

    /// <summary>A file not added because the project has its content: reported as a duplicate, recorded as a refusal (4004).</summary>
    private void Duplicate(Project project, string name, List<Guid> existing)
    {
        duplicates.Add(new UploadDuplicate(name, existing));
        var reason = $"duplicate of image {existing[0]}";
        Stage(EventCode.ProjectDataImgCreateError, Describe(project, name, new UploadRefusal(name, reason), $"{name}: {reason}"));
    }

    private void Stage(EventCode code, JournalEvent details)
    {
        staged.Add((code, details));
        journal.Record(code, details);
    }

    private ImageFormat Detect(string key)
    {
        using var stream = blobs.OpenRead(key)!;
        Span<byte> head = stackalloc byte[ImageFormats.HeadLength + 1];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return ImageFormats.Detect(head[..read]);
    }

    private static string Describe(ImageFormat format) => format switch
    {
        ImageFormat.Unknown => "not an image this server reads",
        ImageFormat.OtherArchive => "an archive",
        _ => ImageFormats.ContentType(format),
    };

    /// <summary>A name as the user gave it, cleaned of what would break logs and CSV, and bounded in length.</summary>
    internal static string FileName(string? raw)
    {
        var cleaned = new string((raw ?? string.Empty).Normalize(System.Text.NormalizationForm.FormC)
            .Select(c => char.IsControl(c) ? '_' : c).ToArray()).Trim();
        if (cleaned.Length == 0)
        {
            return "unnamed";
        }

        if (cleaned.Length <= MaxNameLength)
        {
            return cleaned;
        }

        // Keep the end, where the extension and the file's own name are.
        var tail = cleaned[^(MaxNameLength - 1)..];
        return char.IsLowSurrogate(tail[0]) ? "…" + tail[1..] : "…" + tail;
    }

    private static JournalEvent Describe(Project project, string name, object data, string? text = null) => new()
    {
        TenantId = project.TenantId,
        ProjectId = project.Id,
        EntityKind = nameof(ImageData),
        Text = text ?? name,
        Data = data,
    };
}
