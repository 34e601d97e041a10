namespace Docket.Server.Security;

/// <summary>Rights travel in JSON as arrays of names (<c>["View","Edit"]</c>), which read better than bit masks.</summary>
public static class RightNames
{
    private static readonly Rights[] Single = [Rights.View, Rights.Create, Rights.Edit, Rights.Delete, Rights.Manage];

    public static string[] ToNames(Rights rights) =>
        [.. Single.Where(r => rights.HasFlag(r)).Select(r => r.ToString())];

    public static bool TryParse(IEnumerable<string> names, out Rights rights)
    {
        rights = Rights.None;
        foreach (var name in names)
        {
            if (!Enum.TryParse<Rights>(name, ignoreCase: true, out var one) || !Enum.IsDefined(one) || name.Contains(',', StringComparison.Ordinal))
            {
                return false;
            }

            rights |= one;
        }

        return true;
    }
}
