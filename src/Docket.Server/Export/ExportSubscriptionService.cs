using System.Text.Json;
using Docket.Contracts.Export;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Docket.Server.Export;

/// <summary>
/// Export subscriptions through the API (90000-90007). A tenant's subscriptions export that tenant's records
/// only; the Administrator's may export every tenant. Sink secrets are stored encrypted and never shown; a secret sent
/// back as <c>"***"</c> is kept only while it goes to the same place. No two file subscriptions write the same files.
/// </summary>
public sealed class ExportSubscriptionService(
    DocketDbContext db,
    IJournal journal,
    IExportSinkFactory sinks,
    IServiceProvider services,
    IOptions<ExportOptions> options,
    TimeProvider time)
{
    private static readonly JsonSerializerOptions FilterJson = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<ExportSubscriptionResponse>> ListAsync(Caller caller, CancellationToken cancellationToken)
    {
        var query = db.ExportSubscriptions.AsNoTracking();
        if (!caller.IsAdministrator)
        {
            query = query.Where(s => s.TenantId == caller.TenantId);
        }

        var head = await HeadAsync(cancellationToken);
        var list = new List<ExportSubscriptionResponse>();
        foreach (var subscription in await query.OrderBy(s => s.NormalizedName).ToListAsync(cancellationToken))
        {
            list.Add(await ResponseAsync(subscription, head, cancellationToken));
        }

        return list;
    }

    public async Task<Result<ExportSubscriptionResponse>> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var subscription = await FindAsync(caller, id, cancellationToken);
        return subscription is null ? ApiError.NotFound("The export subscription") : await ResponseAsync(subscription, await HeadAsync(cancellationToken), cancellationToken);
    }

    public async Task<Result<ExportSubscriptionResponse>> CreateAsync(Caller caller, ExportSubscriptionRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var tenantId = caller.IsAdministrator ? request.TenantId : caller.TenantId;
        var owner = new SinkOwner(Guid.CreateVersion7(time.GetUtcNow()), tenantId);
        var checkedRequest = Check(request, owner, storedSettings: null, errors);
        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var normalized = TextRules.Normalize(checkedRequest.Name);
        if (await db.ExportSubscriptions.AnyAsync(s => s.TenantId == tenantId && s.NormalizedName == normalized, cancellationToken))
        {
            return ApiError.Conflict($"An export subscription named '{checkedRequest.Name}' already exists.");
        }

        if (await SharedFileAsync(request.Sink, checkedRequest.Settings, owner, cancellationToken) is { } shared)
        {
            return shared;
        }

        var head = await HeadAsync(cancellationToken);
        var subscription = new ExportSubscription
        {
            Id = owner.SubscriptionId,
            TenantId = tenantId,
            Name = checkedRequest.Name,
            NormalizedName = normalized,
            Sink = request.Sink,
            SinkSettings = sinks.Protect(request.Sink, checkedRequest.Settings, owner.SubscriptionId),
            Filter = JsonSerializer.Serialize(checkedRequest.Filter, FilterJson),
            Profile = request.Profile,
            MaxBatchEvents = request.MaxBatchEvents ?? options.Value.DefaultMaxBatchEvents,
            MaxBatchBytes = request.MaxBatchBytes ?? 5 * 1024 * 1024,
            LingerMilliseconds = request.LingerMilliseconds ?? 200,
            Cursor = request.StartAtSequence is { } start ? Math.Max(0, start - 1) : head,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.ExportSubscriptions.Add(subscription);
        journal.Record(EventCode.ExportSubscriptionCreated, Describe(subscription, null));
        if (!request.Enabled && subscription.Pause() is { } paused)
        {
            journal.Record(paused, Describe(subscription, null));
        }

        await db.SaveChangesAsync(cancellationToken);
        return await ResponseAsync(subscription, head, cancellationToken);
    }

    public async Task<Result<ExportSubscriptionResponse>> UpdateAsync(
        Caller caller, Guid id, ExportSubscriptionRequest request, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var subscription = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (subscription is null)
        {
            return ApiError.NotFound("The export subscription");
        }

        if (!ifMatch(subscription.ConcurrencyStamp))
        {
            return ApiError.PreconditionFailed();
        }

        var errors = new Dictionary<string, string[]>();
        var owner = new SinkOwner(subscription.Id, subscription.TenantId);
        var checkedRequest = Check(request, owner, subscription.Sink == request.Sink ? subscription.SinkSettings : null, errors);
        if (request.TenantId is { } moved && moved != subscription.TenantId)
        {
            errors["tenantId"] = ["a subscription cannot move to another tenant."];
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        if (await SharedFileAsync(request.Sink, checkedRequest.Settings, owner, cancellationToken) is { } shared)
        {
            return shared;
        }

        subscription.Name = checkedRequest.Name;
        subscription.NormalizedName = TextRules.Normalize(checkedRequest.Name);
        subscription.Sink = request.Sink;
        subscription.SinkSettings = sinks.Protect(request.Sink, checkedRequest.Settings, owner.SubscriptionId);
        subscription.Filter = JsonSerializer.Serialize(checkedRequest.Filter, FilterJson);
        subscription.Profile = request.Profile;
        subscription.MaxBatchEvents = request.MaxBatchEvents ?? subscription.MaxBatchEvents;
        subscription.MaxBatchBytes = request.MaxBatchBytes ?? subscription.MaxBatchBytes;
        subscription.LingerMilliseconds = request.LingerMilliseconds ?? subscription.LingerMilliseconds;
        // New settings may have fixed what made it fail: let the runner try again.
        subscription.RetryWithNewSettings();

        return await SaveAsync(subscription, EventCode.ExportSubscriptionUpdated, null, cancellationToken);
    }

    public async Task<ApiError?> DeleteAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var subscription = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (subscription is null)
        {
            return ApiError.NotFound("The export subscription");
        }

        db.ExportSubscriptions.Remove(subscription);
        journal.Record(EventCode.ExportSubscriptionRemoved, Describe(subscription, null));
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public async Task<Result<ExportSubscriptionResponse>> PauseAsync(Caller caller, Guid id, bool pause, CancellationToken cancellationToken)
    {
        var subscription = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (subscription is null)
        {
            return ApiError.NotFound("The export subscription");
        }

        var code = pause ? subscription.Pause() : subscription.Resume();
        return await SaveAsync(subscription, code, null, cancellationToken);
    }

    public async Task<Result<ExportSubscriptionResponse>> ReplayAsync(Caller caller, Guid id, ReplayRequest request, CancellationToken cancellationToken)
    {
        var subscription = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (subscription is null)
        {
            return ApiError.NotFound("The export subscription");
        }

        long from;
        if (request.FromSequence is { } sequence && request.FromTime is null && sequence >= 1)
        {
            from = sequence;
        }
        else if (request.FromTime is { } fromTime && request.FromSequence is null)
        {
            var utc = fromTime.ToUniversalTime();
            from = await db.JournalRecords.Where(r => r.OccurredAt >= utc).OrderBy(r => r.Sequence).Select(r => r.Sequence).FirstOrDefaultAsync(cancellationToken);
            if (from == 0)
            {
                from = await HeadAsync(cancellationToken) + 1;
            }
        }
        else
        {
            return ApiError.Invalid("fromSequence", "give either fromSequence (1 or more) or fromTime.");
        }

        return await SaveAsync(subscription, subscription.Replay(from), $"Replay from sequence {from}.", cancellationToken);
    }

    internal static JournalEvent Describe(ExportSubscription subscription, string? text) => new()
    {
        TenantId = subscription.TenantId,
        EntityKind = nameof(ExportSubscription),
        EntityId = subscription.Id.ToString(),
        Text = text ?? subscription.Name,
        // The entity as an operator may see it: never the sink's settings, which hold secrets.
        Data = new { subscription.Id, subscription.Name, Sink = subscription.Sink.ToString(), State = subscription.State.ToString(), subscription.Cursor },
    };

    private async Task<Result<ExportSubscriptionResponse>> SaveAsync(ExportSubscription subscription, EventCode? code, string? text, CancellationToken cancellationToken)
    {
        subscription.ConcurrencyStamp = Guid.NewGuid();
        if (code is { } recorded)
        {
            journal.Record(recorded, Describe(subscription, text));
        }

        await db.SaveChangesAsync(cancellationToken);
        return await ResponseAsync(subscription, await HeadAsync(cancellationToken), cancellationToken);
    }

    private sealed record CheckedRequest(string Name, string Settings, ExportFilter Filter);

    private CheckedRequest Check(ExportSubscriptionRequest request, SinkOwner owner, string? storedSettings, Dictionary<string, string[]> errors)
    {
        var name = TextRules.Name(request.Name, "name", 200, errors) ?? string.Empty;
        if (!Enum.IsDefined(request.Sink))
        {
            errors["sink"] = [$"is one of {string.Join(", ", Enum.GetNames<SinkKind>())}."];
        }

        var settings = request.Settings.ValueKind == JsonValueKind.Object ? request.Settings.GetRawText() : null;
        if (settings is null)
        {
            errors["settings"] = ["must be a JSON object with the sink's options."];
        }
        else
        {
            settings = sinks.KeepSecrets(request.Sink, settings, storedSettings, owner.SubscriptionId, errors);
            if (Enum.IsDefined(request.Sink) && sinks.Validate(request.Sink, settings, owner) is { } problem)
            {
                errors["settings"] = [problem];
            }
        }

        if (services.GetKeyedService<IExportProfile>(request.Profile) is null)
        {
            errors["profile"] = [$"'{request.Profile}' is not a schema profile; use '{DocketEnvelopeProfile.ProfileName}'."];
        }

        if (request.MaxBatchEvents is < 1 or > 100_000)
        {
            errors["maxBatchEvents"] = ["must be between 1 and 100000."];
        }

        if (request.MaxBatchBytes is < 1024 or > 64 * 1024 * 1024)
        {
            errors["maxBatchBytes"] = ["must be between 1 KiB and 64 MiB."];
        }

        if (request.LingerMilliseconds is < 0 or > 60_000)
        {
            errors["lingerMilliseconds"] = ["must be between 0 and 60000."];
        }

        var filter = ParseFilter(request.Filter ?? new ExportFilterRequest(), owner.TenantId, errors);
        return new CheckedRequest(name, settings ?? "{}", filter);
    }

    private static ExportFilter ParseFilter(ExportFilterRequest request, Guid? tenantId, Dictionary<string, string[]> errors)
    {
        var codes = Parse(request.Codes, CatalogValues.Code, "filter.codes", errors);
        var groups = Parse(request.Groups, CatalogValues.Group, "filter.groups", errors);
        var classes = Parse(request.Classes, CatalogValues.Class, "filter.classes", errors);
        if (tenantId is { } own && request.Tenants.Any(t => t != own))
        {
            errors["filter.tenants"] = ["a tenant's subscription exports its own tenant only."];
        }

        return new ExportFilter { Codes = codes, Groups = groups, Classes = classes, Tenants = request.Tenants, Projects = request.Projects };
    }

    private static List<T> Parse<T>(IReadOnlyList<string> values, Func<string, T?> parse, string field, Dictionary<string, string[]> errors)
        where T : struct
    {
        var parsed = new List<T>();
        foreach (var value in values)
        {
            if (parse(value) is { } one)
            {
                parsed.Add(one);
            }
            else
            {
                errors[field] = [$"'{(value.Length > 50 ? value[..50] : value)}' is not one of the catalog's values."];
            }
        }

        return parsed;
    }

    /// <summary>
    /// A conflict when another file subscription with the same tenant folder (the tenant's, or all-tenants for the
    /// Administrator's cross-tenant ones) already writes to this directory and prefix: two sinks on one file would write
    /// into and rotate away each other's lines. Each sink's lock file guards the same rule at run time, should two
    /// requests race.
    /// </summary>
    private async Task<ApiError?> SharedFileAsync(SinkKind sink, string settings, SinkOwner owner, CancellationToken cancellationToken)
    {
        if (sink != SinkKind.File || ExportFileRoot.FileKey(settings) is not { } key)
        {
            return null;
        }

        var (tenantId, id) = (owner.TenantId, owner.SubscriptionId);
        var others = await db.ExportSubscriptions.AsNoTracking()
            .Where(s => s.Sink == SinkKind.File && s.TenantId == tenantId && s.Id != id)
            .Select(s => s.SinkSettings)
            .ToListAsync(cancellationToken);
        if (!others.Any(other => ExportFileRoot.FileKey(other) == key))
        {
            return null;
        }

        var slash = key.LastIndexOf('/');
        return ApiError.Conflict(
            $"Another export subscription already writes '{key[(slash + 1)..]}' files in the folder '{key[..slash]}': choose another directory or filePrefix.");
    }

    private async Task<ExportSubscriptionResponse> ResponseAsync(ExportSubscription s, long head, CancellationToken cancellationToken)
    {
        var oldestPending = s.Cursor < head
            ? await db.JournalRecords.AsNoTracking().Where(r => r.Sequence > s.Cursor).OrderBy(r => r.Sequence).Select(r => (DateTime?)r.RecordedAt).FirstOrDefaultAsync(cancellationToken)
            : null;
        var lagSeconds = oldestPending is { } oldest
            ? Math.Max(0, (time.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(oldest, DateTimeKind.Utc)).TotalSeconds)
            : 0;
        var status = new ExportSubscriptionStatus(
            s.State, s.DeliveredCount, s.Cursor, Utc(s.LastDeliveredAt), Math.Max(0, head - s.Cursor), lagSeconds, s.LastError, Utc(s.LastErrorAt),
            s.LastErrorAt is { } failedAt && s.LastDeliveredAt > failedAt, s.LeaseOwner);
        using var settings = JsonDocument.Parse(sinks.Redact(s.Sink, s.SinkSettings));
        return new ExportSubscriptionResponse(
            s.Id, s.TenantId, s.Name, s.Sink, settings.RootElement.Clone(), JsonSerializer.Deserialize<ExportFilter>(s.Filter, FilterJson) ?? new ExportFilter(),
            s.Profile, s.MaxBatchEvents, s.MaxBatchBytes, s.LingerMilliseconds, status, ETags.From(s.ConcurrencyStamp));
    }

    private static DateTime? Utc(DateTime? value) => value is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null;

    private Task<long> HeadAsync(CancellationToken cancellationToken) =>
        db.JournalHeads.AsNoTracking().Select(h => h.LastSequence).SingleAsync(cancellationToken);

    private async Task<ExportSubscription?> FindAsync(Caller caller, Guid id, CancellationToken cancellationToken, bool tracked = false)
    {
        var query = tracked ? db.ExportSubscriptions : db.ExportSubscriptions.AsNoTracking();
        var subscription = await query.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        return subscription is not null && (caller.IsAdministrator || subscription.TenantId == caller.TenantId) ? subscription : null;
    }
}
