using System.Reflection;
using Shouldly;
using Xunit;

namespace Docket.Events.Tests;

/// <summary>The catalog's own rules: unique codes and names, complete texts, the class rule, the lookups.</summary>
[Trait("Category", "Fast")]
public sealed class EventCatalogTests
{
    private const BindingFlags EnumMembers = BindingFlags.Public | BindingFlags.Static;

    // The SecurityIncident codes of the class rule written in docs/events.md.
    private static readonly int[] SecurityIncidents = [2002, 2003, 2004, 2005, 2006, 2008, 8003, 8004, 9003, 9005, 9006];

    [Fact]
    public void No_two_events_share_a_code_or_a_name()
    {
        EventCatalog.All.Select(definition => definition.NumericCode).ShouldBeUnique();
        EventCatalog.All.Select(definition => definition.Name).ShouldBeUnique();
    }

    [Fact]
    public void Events_and_groups_are_listed_in_code_order()
    {
        EventCatalog.All.Select(definition => definition.NumericCode).ShouldBeInOrder(SortDirection.Ascending);
        EventCatalog.Groups.Select(group => group.Code).ShouldBeInOrder(SortDirection.Ascending);
    }

    [Fact]
    public void Every_event_has_a_Russian_and_an_English_description()
    {
        EventCatalog.All.ShouldAllBe(definition =>
            !string.IsNullOrWhiteSpace(definition.DescriptionRu) && !string.IsNullOrWhiteSpace(definition.DescriptionEn));
        EventCatalog.Get(EventCode.Login).Description("ru").ShouldBe("Пользователь авторизовался в сервисе");
        EventCatalog.Get(EventCode.Login).Description("en").ShouldBe("User signed in");
    }

    [Fact]
    public void Every_group_has_its_titles_its_name_and_at_least_one_event()
    {
        EventCatalog.Groups.Select(group => group.Group).ShouldBe(Enum.GetValues<EventGroup>().Order());
        EventCatalog.Groups.ShouldAllBe(group =>
            !string.IsNullOrWhiteSpace(group.TitleRu) && !string.IsNullOrWhiteSpace(group.TitleEn) && group.Name == group.Group.ToString());
        EventCatalog.Groups.ShouldAllBe(group => EventCatalog.All.Any(definition => definition.Group == group.Group));
    }

    [Fact]
    public void Every_EventCode_member_carries_its_Event_attribute()
    {
        var bare = typeof(EventCode).GetFields(EnumMembers)
            .Where(member => member.GetCustomAttribute<EventAttribute>() is null)
            .Select(member => member.Name)
            .ToList();

        bare.ShouldBeEmpty();
        EventCatalog.All.Count.ShouldBe(Enum.GetValues<EventCode>().Length);
    }

    [Fact]
    public void Every_EventGroup_member_carries_its_titles()
    {
        typeof(EventGroup).GetFields(EnumMembers)
            .Where(member => member.GetCustomAttribute<EventGroupTitleAttribute>() is null)
            .Select(member => member.Name)
            .ShouldBeEmpty();
    }

    [Fact]
    public void Reading_a_code_without_its_attribute_throws()
    {
        var member = typeof(Unattributed).GetField(nameof(Unattributed.Bare))!;

        Should.Throw<InvalidOperationException>(() => EventCatalog.DescribeEvents([member]))
            .Message.ShouldContain(nameof(Unattributed.Bare));
        Should.Throw<InvalidOperationException>(() => EventCatalog.DescribeGroup(member))
            .Message.ShouldContain(nameof(Unattributed.Bare));
    }

    [Fact]
    public void Reading_two_members_with_one_code_throws()
    {
        Should.Throw<InvalidOperationException>(() => EventCatalog.DescribeEvents(typeof(Clashing).GetFields(EnumMembers)))
            .Message.ShouldContain("1");
    }

    [Fact]
    public void Reading_a_code_without_an_English_description_throws()
    {
        var member = typeof(Untranslated).GetField(nameof(Untranslated.RussianOnly))!;

        Should.Throw<InvalidOperationException>(() => EventCatalog.Describe(member));
    }

    [Fact]
    public void Lookups_by_enum_code_and_name_find_the_same_event()
    {
        var byEnum = EventCatalog.Get(EventCode.InferenceProcessStoped);

        EventCatalog.TryGet(205, out var byCode).ShouldBeTrue();
        EventCatalog.TryGetByName("InferenceProcessStoped", out var byName).ShouldBeTrue();
        byCode.ShouldBeSameAs(byEnum);
        byName.ShouldBeSameAs(byEnum);
        byEnum.Group.ShouldBe(EventGroup.InferenceProcess);
        EventCatalog.GetGroup(EventGroup.InferenceProcess).Name.ShouldBe("InferenceProcess");
    }

    [Fact]
    public void Lookups_refuse_unknown_codes_and_inexact_names()
    {
        EventCatalog.TryGet(15802 + 1, out var unknown).ShouldBeFalse();
        unknown.ShouldBeNull();
        EventCatalog.TryGetByName("InferenceProcessStopped", out _).ShouldBeFalse();
        EventCatalog.TryGetByName("login", out _).ShouldBeFalse();
        EventCatalog.TryGetByName(" Login", out _).ShouldBeFalse();
        Should.Throw<ArgumentOutOfRangeException>(() => EventCatalog.Get((EventCode)1));
        Should.Throw<ArgumentOutOfRangeException>(() => EventCatalog.GetGroup((EventGroup)1));
    }

    [Fact]
    public void Classes_follow_the_rule_written_in_the_docs()
    {
        var wrong = EventCatalog.All
            .Where(definition => definition.Class != ClassByRule(definition))
            .Select(definition => $"{definition.NumericCode} {definition.Name} is {definition.Class}, the rule says {ClassByRule(definition)}")
            .ToList();

        wrong.ShouldBeEmpty();
    }

    // The rule of docs/events.md, first match wins; restated here so a class changed by mistake fails a test.
    private static EventClass ClassByRule(EventDefinition definition)
    {
        var name = definition.Name;
        if (SecurityIncidents.Contains(definition.NumericCode))
        {
            return EventClass.SecurityIncident;
        }

        if (EndsWithAny(name, "Error", "Failed", "Timeout", "NoAgent", "NoLicensedAgent", "EmergencyShutdown"))
        {
            return EventClass.Error;
        }

        if (EndsWithAny(name, "Updated", "Removed", "Deleted")
            || name is "MarkingCreateOrEdit" or "UserPasswordChanged" or "LicenseRevoked" or "LicenseRevokeReplaced")
        {
            return EventClass.Correction;
        }

        return EventClass.Information;
    }

    private static bool EndsWithAny(string name, params string[] endings) =>
        endings.Any(ending => name.EndsWith(ending, StringComparison.Ordinal));

    private enum Unattributed
    {
        Bare = 1,
    }

    private enum Untranslated
    {
        [Event(EventGroup.Project, EventClass.Information, "Только по-русски", " ")]
        RussianOnly = 1,
    }

#pragma warning disable CA1069 // Two members with one value are what this test feeds the reader.
    private enum Clashing
    {
        [Event(EventGroup.Project, EventClass.Information, "Первое", "First")]
        First = 1,

        [Event(EventGroup.Project, EventClass.Information, "Второе", "Second")]
        Second = 1,
    }
#pragma warning restore CA1069
}
