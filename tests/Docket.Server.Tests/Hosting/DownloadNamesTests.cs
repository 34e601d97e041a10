using Docket.Server.Common;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Hosting;

/// <summary>Download names as every download endpoint makes them; the endpoints' own tests show the header they give.</summary>
[Trait("Category", "Fast")]
public sealed class DownloadNamesTests
{
    [Theory]
    [InlineData("../../etc/passwd", "etc_passwd")]
    [InlineData("/etc/passwd", "etc_passwd")]
    [InlineData("C:\\Windows\\win.ini", "C__Windows_win.ini")]
    [InlineData("batch.zip/./scans/a.png", "batch.zip_scans_a.png")]
    [InlineData("..", "fallback")]
    [InlineData(".bashrc", "bashrc")]
    [InlineData("report.pdf. . ", "report.pdf")]
    [InlineData("a\"b\".png", "a_b_.png")]
    [InlineData("a<b>c|d?e*f:g.png", "a_b_c_d_e_f_g.png")]
    [InlineData("inv\r\noice\u0007\u0000.png", "invoice.png")]
    [InlineData("x\r\nSet-Cookie: a=b", "xSet-Cookie_ a=b")]
    [InlineData("invoice\u202Egnp.exe", "invoicegnp.exe")]
    [InlineData("\u2028\u2029", "fallback")]
    [InlineData("Счёт №1 (копия).png", "Счёт №1 (копия).png")]
    [InlineData("👩\u200D💻.png", "👩\u200D💻.png")]
    [InlineData("   ", "fallback")]
    [InlineData(null, "fallback")]
    public void A_name_loses_paths_control_characters_quotes_and_leading_dots(string? name, string expected) =>
        DownloadNames.Of(name, "fallback").ShouldBe(expected);

    [Fact]
    public void A_long_name_keeps_its_end_where_the_extension_is()
    {
        var name = DownloadNames.Of(new string('я', 500) + ".png", "fallback");

        name.Length.ShouldBe(200);
        name.ShouldEndWith("я.png");
    }

    [Fact]
    public void A_broken_surrogate_becomes_an_underscore()
    {
        // Not theory data: xUnit would not carry a lone surrogate through unchanged.
        DownloadNames.Of("bad\uD800half.png", "fallback").ShouldBe("bad_half.png");
    }

    [Fact]
    public void A_name_is_composed_to_NFC()
    {
        DownloadNames.Of("e\u0301.png", "fallback").ShouldBe("\u00E9.png");
    }
}
