using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Export;

/// <summary>The runner's settings are checked when the server starts: a bad one stops it with the setting named, before any export runs.</summary>
[Trait("Category", "Fast")]
public sealed class ExportOptionsTests
{
    [Theory]
    [InlineData("Export:ReadAheadBatches", "0")]
    [InlineData("Export:ReadAheadBatches", "17")]
    [InlineData("Export:DefaultMaxBatchEvents", "0")]
    public async Task A_setting_out_of_range_stops_the_server_at_start(string setting, string value)
    {
        var refused = await StartRefusal.OfAsync(setting, value);
        refused.Message.ShouldContain(setting.Split(':')[1]);
    }
}
