using System.Text.RegularExpressions;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Architecture;

/// <summary>
/// The allowed arrows of docs/architecture.md, checked over the server's source: every <c>using Docket.Server.X</c> and
/// every qualified <c>Docket.Server.X.Y</c> of a file must point to a part its own part may depend on. Sources rather
/// than the compiled assembly, because a method body's references are what tie parts together and reflection does not
/// see them. A crossing that is known and scheduled to go is listed in <see cref="Tolerated"/>: the list may only shrink.
/// </summary>
[Trait("Category", "Fast")]
public sealed partial class DependencyTests
{
    /// <summary>Each part, and the parts it may use besides itself. Longest prefix wins; Hosting and Program compose all.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Common"] = [],
        ["Security"] = ["Common"],
        ["Workers"] = ["Common"],
        ["Storage"] = ["Common", "Workers"],
        ["Journal"] = ["Common", "Security", "Storage", "Workers"],
        ["Export"] = ["Common", "Security", "Storage", "Workers", "Journal"],
        ["Features"] = ["Common", "Security", "Storage", "Workers", "Journal", "Features"],
        ["Hosting"] = ["*"],
        [""] = ["*"],
    };

    /// <summary>Crossings that exist today and must go; none is left (export's names now come from the journal's records).</summary>
    private static readonly HashSet<string> Tolerated = [];

    [Fact]
    public void Every_part_depends_only_on_the_parts_below_it()
    {
        var crossings = Crossings();
        var forbidden = crossings.Keys.Where(c => !Tolerated.Contains(c)).Order(StringComparer.Ordinal)
            .Select(c => $"{c} (in {string.Join(", ", crossings[c].Take(3))})").ToList();
        forbidden.ShouldBeEmpty("docs/architecture.md lists the allowed arrows; change the design and the doc, never sneak one in");
    }

    [Fact]
    public void Every_tolerated_crossing_still_exists_so_the_list_only_shrinks()
    {
        var crossings = Crossings();
        Tolerated.Where(t => !crossings.ContainsKey(t)).ShouldBeEmpty("remove a crossing from the tolerated list once it is gone");
    }

    /// <summary>The areas of sign-in and access: docs/architecture.md, "Crossing areas", gives the one direction between them.</summary>
    private static readonly string[] IdentityAreas =
        ["Features.Identity", "Features.Users", "Features.Roles", "Features.Tenants", "Features.ApiKeys"];

    [Fact]
    public void The_identity_areas_depend_on_each_other_without_a_cycle()
    {
        var edges = AreaEdges(IdentityAreas);
        edges.Values.Sum(e => e.Count).ShouldBeGreaterThan(0, "the areas' imports were not found");
        Cycle(edges).ShouldBeNull("an area may use another only if that one does not use it back, directly or through others");
    }

    /// <summary>Which of <paramref name="areas"/> each of them uses, from the sources' <c>using</c>s and qualified names.</summary>
    private static Dictionary<string, HashSet<string>> AreaEdges(string[] areas)
    {
        var edges = areas.ToDictionary(a => a, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var file in SourceFiles())
        {
            var text = File.ReadAllText(file);
            var own = NamespaceLine().Match(text) is { Success: true } m ? Part(m.Groups[1].Value) : string.Empty;
            if (!edges.TryGetValue(own, out var uses))
            {
                continue;
            }

            foreach (Match reference in Reference().Matches(NamespaceLine().Replace(text, string.Empty)))
            {
                var used = Part(reference.Groups[1].Value);
                if (used != own && edges.ContainsKey(used))
                {
                    uses.Add(used);
                }
            }
        }

        return edges;
    }

    /// <summary>A cycle of the graph as "A -> B -> A", or null when it has none (a depth-first search).</summary>
    private static string? Cycle(Dictionary<string, HashSet<string>> edges)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();

        string? Visit(string node)
        {
            if (path.IndexOf(node) is var at and >= 0)
            {
                return string.Join(" -> ", path.Skip(at).Append(node));
            }

            if (!done.Add(node))
            {
                return null;
            }

            path.Add(node);
            foreach (var next in edges[node].Order(StringComparer.Ordinal))
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            return null;
        }

        return edges.Keys.Order(StringComparer.Ordinal).Select(Visit).FirstOrDefault(c => c is not null);
    }

    /// <summary>
    /// docs/architecture.md, "Crossing areas": an area reads another's data through that area's service or a query it
    /// exports, and writes only its own tables. A table is an area's own when its <c>&lt;Area&gt;Tables.cs</c> names it.
    /// </summary>
    [Fact]
    public void No_area_uses_another_areas_tables()
    {
        var crossings = TableCrossings();
        var forbidden = crossings.Keys.Order(StringComparer.Ordinal)
            .Select(c => $"{c} (in {string.Join(", ", crossings[c].Take(3))})").ToList();
        forbidden.ShouldBeEmpty("read through the owning area's service or a query it exports; write only through its service");
    }

    [Theory]
    [InlineData("sealed class S(DocketDbContext db) { int N() => db.Images.Count(); }", "Markings -> Images.Images")]
    [InlineData("sealed class S(DocketDbContext context) { object Q() => context\n        .Images; }", "Markings -> Images.Images")]
    [InlineData("var u = services.GetRequiredService<DocketDbContext>().Users.AsNoTracking();", "Markings -> Users.Users")]
    [InlineData("var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();\nvar n = db.Users.Count();", "Markings -> Users.Users")]
    // A navigation or a static member of the same name is not a table, nor is an area's own table.
    [InlineData("sealed class S(DocketDbContext db) { int N(User user) => user.Users.Count; }", null)]
    [InlineData("sealed class S(DocketDbContext db) { object T() => UploadContentTypes.Images; }", null)]
    [InlineData("sealed class S(DocketDbContext db) { object Q() => db.ImagesOf(project); }", null)]
    [InlineData("sealed class S(DocketDbContext db) { int N() => db.Markings.Count(); }", null)]
    public void The_table_rule_itself_finds_a_use_of_another_areas_table(string source, string? expected)
    {
        var tables = new Dictionary<string, string>(StringComparer.Ordinal) { ["Images"] = "Images", ["Users"] = "Users", ["Markings"] = "Markings" };
        TableUses("Markings", source, tables).FirstOrDefault().ShouldBe(expected);
    }

    [Theory]
    [InlineData("Docket.Server.Storage", "Docket.Server.Features.Users", true)]
    [InlineData("Docket.Server.Journal", "Docket.Server.Export", true)]
    [InlineData("Docket.Server.Common", "Docket.Server.Security", true)]
    [InlineData("Docket.Server.Features.Users", "Docket.Server.Hosting", true)]
    [InlineData("Docket.Server.Features.Users", "Docket.Server.Journal", false)]
    [InlineData("Docket.Server.Export.Sinks", "Docket.Server.Export", false)]
    [InlineData("Docket.Server.Hosting", "Docket.Server.Features.Users", false)]
    public void The_rule_itself_refuses_an_arrow_upwards(string from, string to, bool refused) =>
        (Crossing(from, to) is not null).ShouldBe(refused);

    private static Dictionary<string, List<string>> Crossings()
    {
        var root = ServerRoot();
        var crossings = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in SourceFiles())
        {
            var text = File.ReadAllText(file);
            var own = NamespaceLine().Match(text) is { Success: true } m ? m.Groups[1].Value : string.Empty;
            var code = NamespaceLine().Replace(text, string.Empty);
            foreach (Match reference in Reference().Matches(code))
            {
                if (Crossing(own, reference.Groups[1].Value) is { } crossing)
                {
                    if (!crossings.TryGetValue(crossing, out var where))
                    {
                        crossings[crossing] = where = [];
                    }

                    where.Add(Path.GetRelativePath(root, file));
                }
            }
        }

        return crossings;
    }

    private static string ServerRoot() => Path.Combine(RepositoryRoot.Path, "src", "Docket.Server");

    private static List<string> SourceFiles()
    {
        var files = Directory.EnumerateFiles(ServerRoot(), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                // Generated by EF Core; they name entities by string only.
                && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        files.Count.ShouldBeGreaterThan(100, "the server's sources were not found");
        return files;
    }

    /// <summary>Every "Area -> OwnerArea.Table" use of another area's table by a file under Features/, with the files.</summary>
    private static Dictionary<string, List<string>> TableCrossings()
    {
        var features = Path.Combine(RepositoryRoot.Path, "src", "Docket.Server", "Features");
        var files = Directory.EnumerateFiles(features, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        var tables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files.Where(f => f.EndsWith("Tables.cs", StringComparison.Ordinal)))
        {
            foreach (Match table in TableProperty().Matches(File.ReadAllText(file)))
            {
                tables.Add(table.Groups[1].Value, AreaOf(features, file));
            }
        }

        tables.ShouldContainKey("Images", "the areas' *Tables.cs were not found");
        tables.ShouldContainKey("Markings");
        var crossings = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var crossing in TableUses(AreaOf(features, file), File.ReadAllText(file), tables))
            {
                if (!crossings.TryGetValue(crossing, out var where))
                {
                    crossings[crossing] = where = [];
                }

                where.Add(Path.GetRelativePath(features, file));
            }
        }

        return crossings;
    }

    /// <summary>
    /// The other areas' tables that <paramref name="source"/> uses, as "Area -> OwnerArea.Table". A table is a property
    /// of the context, so only a member taken on a context counts (a name declared as <c>DocketDbContext</c>, or one
    /// just resolved from DI): an entity's navigation of the same name, such as <c>user.Roles</c>, is not a table.
    /// </summary>
    private static IEnumerable<string> TableUses(string area, string source, Dictionary<string, string> tables)
    {
        var contexts = ContextName().Matches(source).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        return TableUse().Matches(source)
            .Where(m => !m.Groups["on"].Success || contexts.Contains(m.Groups["on"].Value))
            .Select(m => m.Groups["table"].Value)
            .Where(name => tables.TryGetValue(name, out var owner) && owner != area)
            .Select(name => $"{area} -> {tables[name]}.{name}")
            .Distinct();
    }

    private static string AreaOf(string features, string file) => Path.GetRelativePath(features, file).Split(Path.DirectorySeparatorChar)[0];

    /// <summary>"From -> To" when a type of namespace <paramref name="from"/> may not use namespace <paramref name="to"/>.</summary>
    private static string? Crossing(string from, string to)
    {
        var fromPart = Part(from);
        var toPart = Part(to);
        if (fromPart == toPart)
        {
            return null;
        }

        var allowed = Allowed[Layer(fromPart)];
        if (allowed.Contains("*") || allowed.Contains(Layer(toPart)))
        {
            return null;
        }

        return $"{fromPart} -> {toPart}";
    }

    /// <summary>The part a namespace belongs to: "Features.Users" for a feature (and its sub-namespaces), else its first name.</summary>
    private static string Part(string ns)
    {
        var names = ns.Split('.').Skip(2).ToArray();
        return names.Length == 0 ? string.Empty : names[0] == "Features" && names.Length > 1 ? $"Features.{names[1]}" : names[0];
    }

    private static string Layer(string part) => part.Split('.')[0];

    [GeneratedRegex(@"^namespace (Docket\.Server[\w.]*);", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"\b(Docket\.Server(?:\.[A-Z]\w*)+)")]
    private static partial Regex Reference();

    [GeneratedRegex(@"public\s+DbSet<\w+>\s+(\w+)\s*=>")]
    private static partial Regex TableProperty();

    [GeneratedRegex(@"(?:\b(?<on>\w+)|GetRequiredService<DocketDbContext>\(\))\s*\.\s*(?<table>[A-Z]\w*)\b(?!\s*[(<])")]
    private static partial Regex TableUse();

    [GeneratedRegex(@"(?:\bDocketDbContext\s+(?<name>\w+)|\bvar\s+(?<name>\w+)\s*=[^;]*GetRequiredService<DocketDbContext>\(\)\s*;)")]
    private static partial Regex ContextName();
}
