using System.Reflection;
using System.Text.RegularExpressions;
using Docket.Server.Common;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Hosting;

/// <summary>
/// Every setting the server binds is in README.md's configuration table, so an operator never has to read the code
/// (or a page of docs/) to learn that a knob exists. Settings are found by reflection: every options class with a
/// <c>Section</c> constant, each public settable property, nested option objects by their path.
/// </summary>
[Trait("Category", "Fast")]
public sealed partial class ConfigurationDocsTests
{
    [Fact]
    public void Every_setting_the_server_binds_is_in_the_READMEs_table()
    {
        var rows = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "README.md"))
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .ToList();
        var settings = typeof(DocketOptions).Assembly.GetTypes()
            .Select(type => (type, section: type.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string))
            .Where(t => t.section is not null && t.type.Name.EndsWith("Options", StringComparison.Ordinal))
            .SelectMany(t => KeysOf(t.type, t.section!))
            .ToList();

        settings.Count.ShouldBeGreaterThan(40, "the scan must find the settings it checks");
        settings.Where(key => !rows.Any(row => Documents(row, key))).ShouldBeEmpty("settings missing from README.md's configuration table");
    }

    /// <summary>
    /// A row documents <c>A:B:C</c> when it names it whole, or names a key under <c>A:B</c> and C beside it (rows
    /// group siblings as "`A:B:C`, `:D`" or "also `D`").
    /// </summary>
    private static bool Documents(string row, string key)
    {
        var names = Backticked().Matches(row).Select(m => m.Groups[1].Value).ToList();
        if (names.Contains(key))
        {
            return true;
        }

        var cut = key.LastIndexOf(':');
        var (parent, leaf) = (key[..cut], key[(cut + 1)..]);
        return names.Any(n => n.StartsWith(parent + ":", StringComparison.Ordinal))
            && (names.Contains(leaf) || names.Contains(":" + leaf));
    }

    private static IEnumerable<string> KeysOf(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetCustomAttribute<ObsoleteAttribute>() is not null)
            {
                continue;
            }

            var key = $"{prefix}:{property.Name}";
            var value = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (value.IsClass && value != typeof(string) && !value.IsArray && !value.IsGenericType)
            {
                foreach (var nested in KeysOf(value, key))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return key;
            }
        }
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();
}
