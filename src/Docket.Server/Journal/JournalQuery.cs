using Docket.Contracts.Journal;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Security;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Journal;

/// <summary>A <see cref="JournalFilter"/> checked and turned into a query. Non-administrators see their own tenant only.</summary>
public sealed class JournalQuery : IJournalRecordFilter
{
    private JournalQuery()
    {
    }

    private DateTime? from;
    private DateTime? to;
    private List<int>? codes;
    private List<int>? groups;
    private List<EventClass>? classes;
    private string? operationKey;
    private Guid? userId;
    private string? userLogin;
    private Guid? tenantId;
    private Guid? projectId;
    private string? entityKind;
    private string? entityId;
    private string? text;

    public bool Descending { get; private init; }
    public long? Cursor { get; private init; }
    public int Limit { get; private init; }

    public static Result<JournalQuery> Parse(JournalFilter filter, Caller caller, int maxLimit, bool defaultDescending)
    {
        var errors = new Dictionary<string, string[]>();
        var limit = Paging.Limit(filter.Limit, maxLimit, errors);
        var order = filter.Order?.Trim().ToLowerInvariant();
        if (order is not (null or "asc" or "desc"))
        {
            errors["order"] = ["is asc or desc."];
        }

        if (filter.Cursor is < 0)
        {
            errors["cursor"] = ["must not be negative."];
        }

        if (filter.From is { } f && filter.To is { } t && f > t)
        {
            errors["from"] = ["must not be after to."];
        }

        if (filter.TenantId is { } requestedTenant && !caller.CanAccess(requestedTenant))
        {
            errors["tenantId"] = ["only the Administrator reads other tenants' journals."];
        }

        var query = new JournalQuery
        {
            Descending = order is null ? defaultDescending : order == "desc",
            Cursor = filter.Cursor,
            Limit = limit ?? 1,
            from = filter.From?.ToUniversalTime(),
            to = filter.To?.ToUniversalTime(),
            codes = ParseList(filter.Codes, "codes", CatalogValues.Code, errors),
            groups = ParseList(filter.Groups, "groups", CatalogValues.Group, errors),
            classes = ParseList(filter.Classes, "classes", CatalogValues.Class, errors),
            operationKey = Bounded(filter.OperationKey, "operationKey", 100, errors),
            userId = filter.UserId,
            userLogin = Bounded(filter.User, "user", 200, errors),
            tenantId = caller.IsAdministrator ? filter.TenantId : caller.TenantId,
            projectId = filter.ProjectId,
            entityKind = Bounded(filter.EntityKind, "entityKind", 100, errors),
            entityId = Bounded(filter.EntityId, "entityId", 100, errors),
            text = Bounded(filter.Text, "text", 200, errors)?.ToLowerInvariant(),
        };
        return errors.Count > 0 ? ApiError.Invalid(errors) : query;
    }

    /// <summary>The filtered records, without order or cursor: <see cref="Page"/> adds those.</summary>
    public IQueryable<JournalRecord> Apply(IQueryable<JournalRecord> records)
    {
        if (from is { } f)
        {
            records = records.Where(r => r.OccurredAt >= f);
        }

        if (to is { } t)
        {
            records = records.Where(r => r.OccurredAt < t);
        }

        if (codes is [var code])
        {
            // One code as an equality: PostgreSQL walks the (code, sequence) index newest-first for "= x" but not for "= ANY(array)".
            records = records.Where(r => r.Code == code);
        }
        else if (codes is not null)
        {
            records = records.Where(r => codes.Contains(r.Code));
        }

        if (groups is [var group])
        {
            records = records.Where(r => r.Group == group);
        }
        else if (groups is not null)
        {
            records = records.Where(r => groups.Contains(r.Group));
        }

        if (classes is not null)
        {
            records = records.Where(r => classes.Contains(r.Class));
        }

        if (operationKey is not null)
        {
            records = records.Where(r => r.OperationKey == operationKey);
        }

        if (userId is { } u)
        {
            records = records.Where(r => r.UserId == u);
        }

        if (userLogin is not null)
        {
            var login = userLogin.ToLowerInvariant();
            records = records.Where(r => r.UserLogin != null && r.UserLogin.ToLower() == login);
        }

        if (tenantId is { } tenant)
        {
            records = records.Where(r => r.TenantId == tenant);
        }

        if (projectId is { } p)
        {
            records = records.Where(r => r.ProjectId == p);
        }

        if (entityKind is not null)
        {
            records = records.Where(r => r.EntityKind == entityKind);
        }

        if (entityId is not null)
        {
            records = records.Where(r => r.EntityId == entityId);
        }

        if (text is not null)
        {
            records = records.Where(r => r.Text != null && r.Text.ToLower().Contains(text));
        }

        return records;
    }

    /// <summary>One keyset page after (or, descending, before) <paramref name="cursor"/>.</summary>
    public IQueryable<JournalRecord> Page(IQueryable<JournalRecord> records, long? cursor, bool descending, int limit)
    {
        records = Apply(records);
        if (cursor is { } c)
        {
            records = descending ? records.Where(r => r.Sequence < c) : records.Where(r => r.Sequence > c);
        }

        return (descending ? records.OrderByDescending(r => r.Sequence) : records.OrderBy(r => r.Sequence)).Take(limit);
    }

    private static List<T>? ParseList<T>(string? value, string field, Func<string, T?> parse, Dictionary<string, string[]> errors)
        where T : struct
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var items = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length > 200)
        {
            errors[field] = ["lists at most 200 values."];
            return null;
        }

        var parsed = new List<T>();
        foreach (var item in items)
        {
            if (parse(item) is { } one)
            {
                parsed.Add(one);
            }
            else
            {
                errors[field] = [$"'{(item.Length > 50 ? item[..50] : item)}' is not one of the catalog's values."];
                return null;
            }
        }

        return parsed;
    }

    private static string? Bounded(string? value, string field, int max, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > max)
        {
            errors[field] = [$"must be at most {max} characters."];
            return null;
        }

        return value;
    }
}
