using System.Text.RegularExpressions;

namespace Docket.Events.Tests;

/// <summary>
/// Reads the copy of the seed catalog (Seed/event-catalog.seed.ru.md) the way a person reads it: sections by
/// their "###" heading, rows by their table cells. Deliberately independent of Docket.Events, so the tests
/// compare the catalog with the seed rather than with itself.
/// </summary>
internal static partial class SeedCatalog
{
    public static IReadOnlyList<SeedSection> Sections { get; } = Load();

    public static IReadOnlyList<SeedRow> Rows { get; } = [.. Sections.SelectMany(section => section.Rows)];

    private static List<SeedSection> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Seed", "event-catalog.seed.ru.md");
        var sections = new List<SeedSection>();
        string? heading = null;
        var note = string.Empty;
        var rows = new List<SeedRow>();

        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                Close();
                heading = line[4..].Trim();
                continue;
            }

            var row = TableRow().Match(line);
            if (row.Success)
            {
                rows.Add(new SeedRow(int.Parse(row.Groups["code"].Value, System.Globalization.CultureInfo.InvariantCulture), row.Groups["name"].Value, row.Groups["description"].Value.Trim()));
            }
            else if (heading is not null && line.StartsWith("**", StringComparison.Ordinal))
            {
                note = line;
            }
        }

        Close();
        return sections;

        void Close()
        {
            if (heading is not null)
            {
                sections.Add(new SeedSection(heading, note, [.. rows]));
            }

            note = string.Empty;
            rows.Clear();
        }
    }

    [GeneratedRegex(@"^\|\s*(?<code>\d+)\s*\|\s*(?<name>\w+)\s*\|(?<description>.*)\|\s*$")]
    private static partial Regex TableRow();
}
