namespace Docket.Server.Hosting;

/// <summary>Page size rules shared by every list: a default, a ceiling, and a clear error for nonsense.</summary>
public static class Paging
{
    public const int DefaultLimit = 100;

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
}
