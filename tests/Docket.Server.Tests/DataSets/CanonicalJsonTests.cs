using System.Security.Cryptography;
using System.Text.Json.Serialization;
using System.Text.Json;
using System.Text;
using Docket.Contracts.DataSets;
using Docket.Contracts.DataSets.Archive;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.DataSets;

/// <summary>
/// The content hash's canonical form against RFC 8785's own examples, and the format 1 recipe restated from what it
/// was (the serializer's default escaping), so archives of that version keep importing.
/// </summary>
[Trait("Category", "Fast")]
public sealed class CanonicalJsonTests
{
    /// <summary>What format 1's hasher serialized with: the web defaults, nulls left out, enums by name, the default encoder.</summary>
    private static readonly JsonSerializerOptions FormatOne = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    [Fact]
    public void The_RFC_8785_sample_gives_the_RFCs_bytes()
    {
        // RFC 8785 section 3.2.2: numbers, escapes and literals.
        const string input = """
            {"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/","literals":[null,true,false]}
            """;

        Canonical(input).ShouldBe("""{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}""");
    }

    [Fact]
    public void Members_sort_by_UTF16_code_units_so_an_emoji_comes_before_a_higher_BMP_character()
    {
        // RFC 8785 section 3.2.3's sorting example.
        const string input = """
            {"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}
            """;

        var keys = JsonDocument.Parse(Canonical(input)).RootElement.EnumerateObject().Select(p => p.Name).ToList();

        keys.ShouldBe(["\r", "1", "\u0080", "\u00f6", "\u20ac", "\ud83d\ude00", "\ufb33"]);
    }

    [Fact]
    public void Text_is_raw_UTF8_and_only_quote_backslash_and_controls_are_escaped()
    {
        var canonical = Canonical("""["Счёт № 5 — 😀 &<>+' \u2028\u2029\u007f","\u0000\u0008\u0009\u000a\u000c\u000d\u001f\"\\"]""");

        canonical.ShouldBe("[\"Счёт № 5 — 😀 &<>+' \u2028\u2029\u007f\",\"\\u0000\\b\\t\\n\\f\\r\\u001f\\\"\\\\\"]");
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("-0", "0")]
    [InlineData("1", "1")]
    [InlineData("-42", "-42")]
    [InlineData("1e20", "100000000000000000000")]
    [InlineData("1e21", "1e+21")]
    [InlineData("123456789012345678901", "123456789012345680000")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("0.0000001", "1e-7")]
    [InlineData("1.5e-7", "1.5e-7")]
    [InlineData("5e-324", "5e-324")]
    [InlineData("1.7976931348623157e308", "1.7976931348623157e+308")]
    [InlineData("9007199254740993", "9007199254740992")]
    [InlineData("0.1", "0.1")]
    [InlineData("-1.25e+25", "-1.25e+25")]
    public void Numbers_are_written_as_ECMAScript_writes_them(string number, string expected) =>
        Canonical(number).ShouldBe(expected);

    [Fact]
    public void A_lone_surrogate_is_refused()
    {
        Should.Throw<JsonException>(() => Canonical("""["\ud800"]"""));
    }

    [Fact]
    public void The_format_2_line_is_the_canonical_form_of_sha256_page_part_and_marking()
    {
        var marking = Marking();
        using var hasher = new DataSetContentHasher();
        hasher.Append(new string('a', 64), 2, DataSetPart.Test, marking);

        var line = "{\"marking\":{\"documentType\":\"Счёт\",\"fields\":[{\"boxes\":[{\"height\":4,\"width\":3,\"x\":1,\"y\":2}],\"field\":\"Total\",\"value\":\"1 000 ₽ & <b>+\\\"\"},"
            + "{\"boxes\":[],\"field\":\"Итого\",\"rows\":[{\"cells\":[{\"boxes\":[],\"column\":\"Товар\",\"value\":\"😀\"}]}]}]},\"page\":2,\"part\":\"Test\",\"sha256\":\"" + new string('a', 64) + "\"}\n";
        hasher.Finish().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(line))));
    }

    [Fact]
    public void The_format_1_recipe_is_kept_for_old_archives_the_serializers_default_escaping()
    {
        var marking = Marking();
        using var hasher = new DataSetContentHasher(formatVersion: 1);
        hasher.Append(new string('a', 64), 2, DataSetPart.Test, marking);

        // What format 1's hasher did: the web serializer's output with its default encoder, fields sorted by name.
        var line = JsonSerializer.SerializeToUtf8Bytes(new { sha256 = new string('a', 64), page = 2, part = DataSetPart.Test, marking = marking with { Fields = [.. marking.Fields.OrderBy(f => f.Field, StringComparer.Ordinal)] } }, FormatOne);
        Encoding.UTF8.GetString(line).ShouldContain("\\u0421\\u0447\\u0451\\u0442");
        hasher.Finish().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(line.Append((byte)'\n').ToArray())));
    }

    private static string Canonical(string json) =>
        Encoding.UTF8.GetString(CanonicalJson.Serialize(JsonDocument.Parse(json).RootElement));

    private static DataSetArchiveFormat.Marking Marking() => new()
    {
        DocumentType = "Счёт",
        Fields =
        [
            new DataSetArchiveFormat.FieldValue
            {
                Field = "Итого",
                Rows = [new DataSetArchiveFormat.Row { Cells = [new DataSetArchiveFormat.Cell { Column = "Товар", Value = "😀" }] }],
            },
            new DataSetArchiveFormat.FieldValue { Field = "Total", Value = "1 000 ₽ & <b>+\"", Boxes = [new DataSetArchiveFormat.Box(1, 2, 3, 4)] },
        ],
    };
}
