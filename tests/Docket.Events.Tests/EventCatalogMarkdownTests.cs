using System.Text;
using Shouldly;
using Xunit;

namespace Docket.Events.Tests;

/// <summary>docs/events.md is the rendered catalog, byte for byte.</summary>
[Trait("Category", "Fast")]
public sealed class EventCatalogMarkdownTests
{
    /// <summary>
    /// Fails when docs/events.md differs from <see cref="EventCatalogMarkdown.Render"/>. With DOCKET_UPDATE_DOCS=1 it
    /// writes the file instead, which is how the docs are regenerated after a catalog change:
    /// <c>DOCKET_UPDATE_DOCS=1 dotnet test tests/Docket.Events.Tests</c>.
    /// </summary>
    [Fact]
    public void Docs_events_md_is_the_rendered_catalog()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "events.md");
        var rendered = EventCatalogMarkdown.Render();

        if (Environment.GetEnvironmentVariable("DOCKET_UPDATE_DOCS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, rendered, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            return;
        }

        File.Exists(path).ShouldBeTrue($"{path} is missing; run DOCKET_UPDATE_DOCS=1 dotnet test tests/Docket.Events.Tests");
        File.ReadAllText(path).ShouldBe(rendered, "docs/events.md is stale; run DOCKET_UPDATE_DOCS=1 dotnet test tests/Docket.Events.Tests");
    }

    [Fact]
    public void Render_is_deterministic_LF_only_and_ends_with_one_newline()
    {
        var rendered = EventCatalogMarkdown.Render();

        rendered.ShouldBe(EventCatalogMarkdown.Render());
        rendered.ShouldNotContain('\r');
        rendered.ShouldEndWith("|\n");
    }

    [Fact]
    public void Render_has_one_table_row_per_event_and_one_heading_per_group()
    {
        var lines = EventCatalogMarkdown.Render().Split('\n');

        foreach (var definition in EventCatalog.All)
        {
            lines.Count(line => line.StartsWith($"| {definition.NumericCode} | `{definition.Name}` | {definition.Class} |", StringComparison.Ordinal))
                .ShouldBe(1, definition.Name);
        }

        foreach (var group in EventCatalog.Groups)
        {
            lines.ShouldContain($"## {group.Code} {group.TitleEn} / {group.TitleRu}{(group.IsExtension ? " (Docket)" : string.Empty)}");
        }

        lines.ShouldContain(line => line.StartsWith("## Deviations from the seed", StringComparison.Ordinal));
        lines.ShouldContain(line => line.Contains("TrainProcessTimeout` is 15802", StringComparison.Ordinal));
        lines.Count(line => line.EndsWith("| not used |", StringComparison.Ordinal)).ShouldBe(EventCatalog.All.Count(definition => definition.NotUsed));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Docket.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Docket.slnx above {AppContext.BaseDirectory}.");
    }
}
