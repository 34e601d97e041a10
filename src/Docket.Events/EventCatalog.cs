using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Docket.Events;

/// <summary>
/// The catalog as data, read once from the attributes on <see cref="EventCode"/> and <see cref="EventGroup"/>.
/// Reading fails loudly (on first use) when a member lacks its attribute or its texts, so a half-described
/// code can never reach the journal, the docs or the export.
/// </summary>
public static class EventCatalog
{
    private const BindingFlags EnumMembers = BindingFlags.Public | BindingFlags.Static;

    // Declared before the lookups below: static initializers run in textual order.
    public static IReadOnlyList<EventDefinition> All { get; } = DescribeEvents(typeof(EventCode).GetFields(EnumMembers));

    public static IReadOnlyList<EventGroupDefinition> Groups { get; } = DescribeGroups(typeof(EventGroup).GetFields(EnumMembers));

    private static readonly FrozenDictionary<int, EventDefinition> ByCode =
        All.ToFrozenDictionary(definition => definition.NumericCode);

    private static readonly FrozenDictionary<string, EventDefinition> ByName =
        All.ToFrozenDictionary(definition => definition.Name, StringComparer.Ordinal);

    private static readonly FrozenDictionary<EventGroup, EventGroupDefinition> ByGroup =
        Groups.ToFrozenDictionary(definition => definition.Group);

    public static EventDefinition Get(EventCode code) =>
        ByCode.TryGetValue((int)code, out var definition)
            ? definition
            : throw new ArgumentOutOfRangeException(nameof(code), code, "Not a code of the event catalog.");

    public static bool TryGet(int code, [NotNullWhen(true)] out EventDefinition? definition) =>
        ByCode.TryGetValue(code, out definition);

    /// <summary>Looks a code up by its exact name (ordinal): names are identifiers, so "login" is not "Login".</summary>
    public static bool TryGetByName(string name, [NotNullWhen(true)] out EventDefinition? definition) =>
        ByName.TryGetValue(name, out definition);

    public static EventGroupDefinition GetGroup(EventGroup group) =>
        ByGroup.TryGetValue(group, out var definition)
            ? definition
            : throw new ArgumentOutOfRangeException(nameof(group), group, "Not a group of the event catalog.");

    /// <summary>Reads the members of an event code enum; internal so tests can feed it members that break the rules.</summary>
    internal static IReadOnlyList<EventDefinition> DescribeEvents(IEnumerable<FieldInfo> members)
    {
        var definitions = members.Select(Describe).OrderBy(definition => definition.NumericCode).ToList();
        var shared = definitions.GroupBy(definition => definition.NumericCode).FirstOrDefault(same => same.Count() > 1);
        if (shared is not null)
        {
            throw new InvalidOperationException(
                $"Event code {shared.Key} is given to {string.Join(" and ", shared.Select(definition => definition.Name))}; a code must name one event.");
        }

        return definitions.AsReadOnly();
    }

    internal static EventDefinition Describe(FieldInfo member)
    {
        var attribute = member.GetCustomAttribute<EventAttribute>()
            ?? throw new InvalidOperationException(
                $"{member.DeclaringType?.Name}.{member.Name} has no [Event] attribute: every code needs its group, class and texts.");
        if (!Enum.IsDefined(attribute.Group) || !Enum.IsDefined(attribute.Class))
        {
            throw new InvalidOperationException($"{member.Name} names an undefined group or class.");
        }

        if (string.IsNullOrWhiteSpace(attribute.DescriptionRu) || string.IsNullOrWhiteSpace(attribute.DescriptionEn))
        {
            throw new InvalidOperationException($"{member.Name} needs a description in both Russian and English.");
        }

        return new EventDefinition
        {
            Code = (EventCode)(int)member.GetRawConstantValue()!,
            Name = member.Name,
            Group = attribute.Group,
            Class = attribute.Class,
            DescriptionRu = attribute.DescriptionRu,
            DescriptionEn = attribute.DescriptionEn,
            NotUsed = attribute.NotUsed,
            IsExtension = typeof(EventGroup).GetField(attribute.Group.ToString())?.GetCustomAttribute<EventGroupTitleAttribute>()?.Extension == true,
        };
    }

    internal static IReadOnlyList<EventGroupDefinition> DescribeGroups(IEnumerable<FieldInfo> members) =>
        members.Select(DescribeGroup).OrderBy(definition => definition.Code).ToList().AsReadOnly();

    internal static EventGroupDefinition DescribeGroup(FieldInfo member)
    {
        var attribute = member.GetCustomAttribute<EventGroupTitleAttribute>()
            ?? throw new InvalidOperationException(
                $"{member.DeclaringType?.Name}.{member.Name} has no [EventGroupTitle] attribute: every group needs its titles.");
        if (string.IsNullOrWhiteSpace(attribute.TitleRu) || string.IsNullOrWhiteSpace(attribute.TitleEn))
        {
            throw new InvalidOperationException($"Group {member.Name} needs a title in both Russian and English.");
        }

        return new EventGroupDefinition
        {
            Group = (EventGroup)(int)member.GetRawConstantValue()!,
            Name = member.Name,
            TitleRu = attribute.TitleRu,
            TitleEn = attribute.TitleEn,
            IsExtension = attribute.Extension,
        };
    }
}
