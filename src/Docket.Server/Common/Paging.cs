namespace Docket.Server.Common;

/// <summary>Page size rules shared by every list: a default, a ceiling, and a clear error for nonsense.</summary>
public static class Paging
{
    public const int DefaultLimit = 100;
    public const string NotACursor = "is not a cursor this API returned.";

    public static int? Limit(int? requested, int max, Dictionary<string, string[]> errors)
    {
        if (requested is null)
        {
            return Math.Min(DefaultLimit, max);
        }

        if (requested < 1 || requested > max)
        {
            errors["limit"] = [$"must be between 1 and {max}."];
            return null;
        }

        return requested;
    }

    /// <summary>The id a keyset page starts after (ids are UUIDv7, so in creation order); null for the first page.</summary>
    public static Guid? IdCursor(string? cursor, Dictionary<string, string[]> errors)
    {
        if (cursor is null)
        {
            return null;
        }

        if (Guid.TryParse(cursor, out var after))
        {
            return after;
        }

        errors["cursor"] = [NotACursor];
        return null;
    }
}
