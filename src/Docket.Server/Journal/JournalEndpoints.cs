using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Json;
using System.Text;
using Docket.Contracts.Common;
using Docket.Contracts.Journal;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Docket.Server.Journal;

/// <summary>
/// <c>/api/v1/events</c>: the journal's pages, downloads (CSV, NDJSON), live tail (SSE), chain verification and
/// the catalog itself.
/// </summary>
public static class JournalEndpoints
{
    private const int StreamBatch = 500;

    public static IEndpointRouteBuilder MapJournalEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/events").WithTags("Journal");
        var view = Policies.Right(ObjectKind.Journal, Rights.View);
        group.MapGet("/", ListAsync).RequireAuthorization(view)
            .WithName("ListEvents")
            .WithSummary("List journal records")
            .WithDescription("A page of the journal records the caller may see (its own tenant's; every tenant's for the Administrator), "
                + "newest first unless asked otherwise, filtered by codes, time, entity, operation key and the like.")
            .ProblemWhen(400, "a filter, limit or cursor is invalid (see errors)");
        group.MapGet("/export", Export).RequireAuthorization(view)
            .WithName("ExportEvents")
            .WithSummary("Download journal records")
            .WithDescription("Every record of the filtered view, oldest first, as NDJSON (the default) or CSV (format=csv), streamed.")
            .Produces<Stream>(StatusCodes.Status200OK, "application/x-ndjson", "text/csv")
            .ProblemWhen(400, "a filter is invalid, or format is neither csv nor ndjson (see errors)");
        group.MapGet("/stream", Stream).RequireAuthorization(view)
            .WithName("StreamEvents")
            .WithSummary("Follow the journal live")
            .WithDescription("Server-sent events: every new matching record, each with its sequence number as the event id, so a client "
                + "that reconnects with Last-Event-ID (or after=) resumes where it stopped. The stream ends once the caller's "
                + "credential is revoked, the user blocked or Journal View taken away.")
            .Produces<Stream>(StatusCodes.Status200OK, "text/event-stream")
            .ProblemWhen(400, "a filter is invalid (see errors)");
        group.MapGet("/verify", VerifyAsync).RequireAuthorization(Policies.Administrator)
            .WithName("VerifyEvents")
            .WithSummary("Verify the journal's chain")
            .WithDescription("Checks the signed hash chain over every record and reports where it is broken, if anywhere. With a checkpoint "
                + "(a record's sequence and signature kept outside the database: a SIEM's copy, an earlier verify, the checkpoint file), "
                + "it also proves the chain still holds that record, which no rewrite of the database alone can fake.")
            .ProblemWhen(400, "a checkpoint is half given, or its sequence or signature is malformed (see errors)");
        group.MapGet("/catalog", Catalog).RequireAuthorization(Policies.Authenticated)
            .WithName("GetEventCatalog")
            .WithSummary("Get the event catalog")
            .WithDescription("Every event code the journal records, by group, with its description in English or Russian (lang=en or ru).")
            .ProblemWhen(400, "lang is neither en nor ru");
        return app;
    }

    private static async Task<Results<Ok<Page<JournalRecordResponse>>, ProblemHttpResult>> ListAsync(
        [AsParameters] JournalFilter filter, ClaimsPrincipal user, DocketDbContext db, IOptions<JournalOptions> options, CancellationToken cancellationToken)
    {
        var parsed = JournalQuery.Parse(filter, Caller.From(user), options.Value.MaxPageSize, defaultDescending: true);
        if (parsed.Error is not null)
        {
            return parsed.Error.ToProblem();
        }

        var query = parsed.Value!;
        var records = await query.Page(db.JournalRecords.AsNoTracking(), query.Cursor, query.Descending, query.Limit).ToListAsync(cancellationToken);
        var next = records.Count == query.Limit ? records[^1].Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new Page<JournalRecordResponse>([.. records.Select(JournalRecordResponse.From)], next));
    }

    /// <summary>The whole filtered view, oldest first, streamed in keyset batches so no export sits in memory.</summary>
    private static IResult Export(
        [AsParameters] JournalFilter filter, string? format, ClaimsPrincipal user, DocketDbContext db, JournalReader reader, IOptions<JsonOptions> json,
        HttpContext context)
    {
        var parsed = JournalQuery.Parse(filter with { Limit = null }, Caller.From(user), int.MaxValue, defaultDescending: false);
        if (parsed.Error is not null)
        {
            return parsed.Error.ToProblem();
        }

        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && !(format is null || string.Equals(format, "ndjson", StringComparison.OrdinalIgnoreCase)))
        {
            return ApiError.Invalid("format", "is csv or ndjson.").ToProblem();
        }

        var query = parsed.Value!;
        var serializer = json.Value.SerializerOptions;
        return Results.Stream(
            async body =>
            {
                await using var writer = new StreamWriter(body, new UTF8Encoding(false), 64 * 1024);
                if (csv)
                {
                    await writer.WriteAsync(JournalCsv.Header);
                }

                await foreach (var record in reader.ReadAllAsync(db, query.Cursor ?? 0, query, StreamBatch, follow: false, TimeSpan.Zero, context.RequestAborted))
                {
                    await writer.WriteAsync(csv
                        ? JournalCsv.Row(record)
                        : JsonSerializer.Serialize(JournalRecordResponse.From(record), serializer) + "\n");
                }
            },
            csv ? "text/csv; charset=utf-8" : "application/x-ndjson",
            DownloadNames.Of(csv ? "journal.csv" : "journal.ndjson", "journal"));
    }

    /// <summary>
    /// Live tail: every new matching record as an SSE event whose id is the sequence number, so a client that
    /// reconnects with Last-Event-ID resumes exactly where it stopped. It lasts only as long as its caller's right:
    /// once the credential is revoked, the user blocked or Journal View taken away, the stream ends (and a reconnect
    /// is refused).
    /// </summary>
    private static IResult Stream(
        [AsParameters] JournalFilter filter, long? after, HttpContext context, ClaimsPrincipal user, DocketDbContext db,
        JournalReader reader, CallerWatcher watcher, IOptions<JournalOptions> options)
    {
        var parsed = JournalQuery.Parse(filter with { Limit = null }, Caller.From(user), int.MaxValue, defaultDescending: false);
        if (parsed.Error is not null)
        {
            return parsed.Error.ToProblem();
        }

        var start = after;
        if (long.TryParse(context.Request.Headers["Last-Event-ID"], out var lastEventId))
        {
            start = lastEventId;
        }

        var watch = watcher.Watch(user, new RightRequirement(ObjectKind.Journal, Rights.View), context.RequestAborted);
        context.Response.RegisterForDisposeAsync(watch);
        return TypedResults.ServerSentEvents(
            TailAsync(context.Response, db, parsed.Value!, start, reader, options.Value.TailPollInterval, watch.Ended));
    }

    private static async IAsyncEnumerable<SseItem<JournalRecordResponse>> TailAsync(
        HttpResponse response, DocketDbContext db, JournalQuery query, long? start, JournalReader reader, TimeSpan poll,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The starting point is fixed before the headers go out: once a client knows it is connected, every
        // record committed after that is in its stream.
        var from = start ?? await db.JournalHeads.AsNoTracking().Select(h => h.LastSequence).SingleAsync(cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
        await using var records = reader.ReadAllAsync(db, from, query, StreamBatch, follow: true, poll, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (await NextOrEndAsync(records, cancellationToken))
        {
            var record = records.Current;
            yield return new SseItem<JournalRecordResponse>(JournalRecordResponse.From(record), "journal")
            {
                EventId = record.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
        }
    }

    /// <summary>
    /// The next record, or false once the stream is to end (its caller's right is gone, or the client left): the
    /// response then completes in order rather than being torn down by the cancellation.
    /// </summary>
    private static async Task<bool> NextOrEndAsync(IAsyncEnumerator<JournalRecord> records, CancellationToken ended)
    {
        try
        {
            return await records.MoveNextAsync();
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<Results<Ok<JournalVerification>, ProblemHttpResult>> VerifyAsync(
        long? checkpointSequence, string? checkpointSignature, JournalVerifier verifier, CancellationToken cancellationToken)
    {
        if (checkpointSequence is null != checkpointSignature is null)
        {
            return ApiError.Invalid(checkpointSequence is null ? "checkpointSequence" : "checkpointSignature",
                "is needed with the other: a checkpoint is a record's sequence and its signature.").ToProblem();
        }

        if (checkpointSequence is < 1)
        {
            return ApiError.Invalid("checkpointSequence", "is a record's sequence number, 1 or more.").ToProblem();
        }

        if (checkpointSignature is not null && !JournalSigner.IsSignature(checkpointSignature))
        {
            return ApiError.Invalid("checkpointSignature", "is a record's signature: base64 of 32 bytes, as the journal and its export show it.").ToProblem();
        }

        var checkpoint = checkpointSequence is { } sequence ? new JournalCheckpoint(sequence, checkpointSignature!) : null;
        return TypedResults.Ok(await verifier.VerifyAsync(checkpoint, cancellationToken));
    }

    private static Results<Ok<CatalogResponse>, ProblemHttpResult> Catalog(string? lang)
    {
        var language = (lang ?? "en").ToLowerInvariant();
        if (language is not ("en" or "ru"))
        {
            return ApiError.Invalid("lang", "is ru or en.").ToProblem();
        }

        return TypedResults.Ok(new CatalogResponse(
            language,
            [.. EventCatalog.Groups.Select(g => new CatalogGroup(g.Code, g.Name, language == "ru" ? g.TitleRu : g.TitleEn))],
            [.. EventCatalog.All.Select(e => new CatalogEvent(e.NumericCode, e.Name, (int)e.Group, e.Class, e.Description(language), e.NotUsed))]));
    }
}
