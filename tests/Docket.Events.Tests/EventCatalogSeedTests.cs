using System.Globalization;
using Shouldly;
using Xunit;

namespace Docket.Events.Tests;

/// <summary>The catalog against the seed it follows: same codes, same names, same groups, nothing invented.</summary>
[Trait("Category", "Fast")]
public sealed class EventCatalogSeedTests
{
    private const int ClashingSeedCode = 15800;
    private const int TimeoutCode = 15802;

    [Fact]
    public void Catalog_holds_every_code_and_name_of_the_seed()
    {
        var catalog = EventCatalog.All.Where(definition => !definition.IsExtension).Select(definition => Pair(definition.NumericCode, definition.Name)).ToHashSet();

        var missing = ExpectedPairs().Where(pair => !catalog.Contains(pair)).ToList();

        missing.ShouldBeEmpty();
    }

    [Fact]
    public void Catalog_holds_no_event_the_seed_lacks()
    {
        var seed = ExpectedPairs().ToHashSet();

        var invented = EventCatalog.All.Where(definition => !definition.IsExtension).Select(definition => Pair(definition.NumericCode, definition.Name)).Where(pair => !seed.Contains(pair)).ToList();

        invented.ShouldBeEmpty();
        EventCatalog.All.Count(definition => !definition.IsExtension).ShouldBe(SeedCatalog.Rows.Count);
    }

    [Fact]
    public void Seed_clash_at_15800_keeps_the_success_and_moves_TrainProcessTimeout_to_15802()
    {
        SeedCatalog.Rows.Where(row => row.Code == ClashingSeedCode).Select(row => row.Name)
            .ShouldBe(["TrainProcessCompletedSuccess", "TrainProcessTimeout"]);
        SeedCatalog.Rows.ShouldNotContain(row => row.Code == TimeoutCode, "15802 must be free in the seed for the move to be safe");

        EventCatalog.TryGet(ClashingSeedCode, out var success).ShouldBeTrue();
        success.Code.ShouldBe(EventCode.TrainProcessCompletedSuccess);
        EventCatalog.Get(EventCode.TrainProcessTimeout).NumericCode.ShouldBe(TimeoutCode);
    }

    [Fact]
    public void Each_seed_table_is_one_group_in_the_seed_order()
    {
        SeedCatalog.Sections.Count.ShouldBe(EventCatalog.Groups.Count(group => !group.IsExtension));

        var misplaced = SeedCatalog.Sections
            .Zip(EventCatalog.Groups.Where(group => !group.IsExtension))
            .SelectMany(pair => pair.First.Rows
                .Select(row => EventCatalog.Get(CatalogCode(row)))
                .Where(definition => definition.Group != pair.Second.Group)
                .Select(definition => $"{definition.Name} is in {definition.Group}, its seed table is {pair.Second.Group}"))
            .ToList();

        misplaced.ShouldBeEmpty();
    }

    [Fact]
    public void Every_code_lies_in_the_range_of_its_group()
    {
        var misplaced = EventCatalog.All
            .Where(definition => definition.Group != GroupByRange(definition.NumericCode))
            .Select(definition => $"{definition.NumericCode} {definition.Name} is in {definition.Group}")
            .ToList();

        misplaced.ShouldBeEmpty();
    }

    [Fact]
    public void Group_Russian_titles_are_the_seed_headings()
    {
        var titles = SeedCatalog.Sections
            .Zip(EventCatalog.Groups.Where(group => !group.IsExtension))
            // The seed heads two tables "Процесс инференса"; Docket titles the second one apart (see docs/events.md).
            .Where(pair => pair.Second.Group != EventGroup.InferenceProcessPipeline)
            .Select(pair => (Seed: pair.First.Heading, Catalog: pair.Second.TitleRu))
            .ToList();

        titles.ShouldAllBe(title => title.Seed == title.Catalog);
        EventCatalog.GetGroup(EventGroup.InferenceProcessPipeline).TitleRu.ShouldNotBe(EventCatalog.GetGroup(EventGroup.InferenceProcess).TitleRu);
    }

    [Fact]
    public void Codes_the_seed_says_are_not_used_are_marked_NotUsed()
    {
        var expected = SeedCatalog.Sections
            .SelectMany(section => section.Rows.Where(row => SaysNotUsed(section.Note) || SaysNotUsed(row.Description)))
            .Select(row => row.Code)
            // The seed's text for 15300 stops short ("Внимание"); its error twin 15301 carries the note for both.
            .Append((int)EventCode.TrainProcessStartDownloadScriptSuccess)
            .Order()
            .ToList();

        var marked = EventCatalog.All.Where(definition => !definition.IsExtension).Where(definition => definition.NotUsed).Select(definition => definition.NumericCode).ToList();

        marked.ShouldBe(expected);
        marked.ShouldBe([500, 501, 502, 602, 604, 605, 607, 2005, 2006, 8003, 15300, 15301, 17000, 17001, 17002, 18300, 18301]);
    }

    private static bool SaysNotUsed(string text) =>
        text.Contains("в текущей версии", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> ExpectedPairs() =>
        SeedCatalog.Rows.Select(row => Pair((int)CatalogCode(row), row.Name));

    private static EventCode CatalogCode(SeedRow row) =>
        (EventCode)(row.Name == nameof(EventCode.TrainProcessTimeout) ? TimeoutCode : row.Code);

    private static string Pair(int code, string name) => string.Create(CultureInfo.InvariantCulture, $"{code} {name}");

    // The seed numbers groups by hundreds below 1000 and by thousands above; 18xxx is the second inference table.
    private static EventGroup GroupByRange(int code) =>
        code < 1000 ? (EventGroup)(code / 100 * 100)
        : code / 1000 == 18 ? EventGroup.InferenceProcessPipeline
        : (EventGroup)(code / 1000 * 1000);
}
