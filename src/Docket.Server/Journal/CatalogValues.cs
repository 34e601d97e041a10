using Docket.Events;

namespace Docket.Server.Journal;

/// <summary>Reads a catalog code, group or class given by number or by name; null when it is none of the catalog's.</summary>
public static class CatalogValues
{
    public static int? Code(string item) =>
        int.TryParse(item, out var code) && EventCatalog.TryGet(code, out _) ? code
        : EventCatalog.TryGetByName(item, out var byName) ? byName.NumericCode
        : null;

    public static int? Group(string item) =>
        int.TryParse(item, out var code) && EventCatalog.Groups.Any(g => g.Code == code) ? code
        : EventCatalog.Groups.FirstOrDefault(g => g.Name.Equals(item, StringComparison.OrdinalIgnoreCase))?.Code;

    public static EventClass? Class(string item) =>
        Enum.TryParse<EventClass>(item, ignoreCase: true, out var value) && Enum.IsDefined(value) ? value : null;
}
